ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS git_commit VARCHAR;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS sql_text VARCHAR;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS reverted_by VARCHAR;

CREATE TABLE IF NOT EXISTS "backfill".exceptions_archive (
  event_id VARCHAR,
  event_created_at TIMESTAMP,
  event_name VARCHAR,
  user_id VARCHAR,
  event_external_reference_id VARCHAR,
  event_advisor_id VARCHAR,
  event_data JSON,
  event_ingested_at TIMESTAMP,
  exception_added_timestamp TIMESTAMP,
  exception_description VARCHAR,
  is_event_update BOOLEAN,
  operation_id VARCHAR,
  inserted_at TIMESTAMP,
  archived_by VARCHAR,
  archived_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".exclusions_archive (
  event_id VARCHAR,
  event_created_at TIMESTAMP,
  event_name VARCHAR,
  exclusion_added_timestamp TIMESTAMP,
  exclusion_description VARCHAR,
  operation_id VARCHAR,
  inserted_at TIMESTAMP,
  archived_by VARCHAR,
  archived_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".applied_backfills (
  backfill_name VARCHAR,
  checksum VARCHAR,
  operation_id VARCHAR,
  applied_at TIMESTAMP
);
