ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS git_commit STRING;

ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS sql_text STRING;

ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS reverted_by STRING;

CREATE TABLE IF NOT EXISTS `backfill`.exceptions_archive (
  event_id STRING,
  event_created_at TIMESTAMP,
  event_name STRING,
  user_id STRING,
  event_external_reference_id STRING,
  event_advisor_id STRING,
  event_data JSON,
  event_ingested_at TIMESTAMP,
  exception_added_timestamp TIMESTAMP,
  exception_description STRING,
  is_event_update BOOL,
  operation_id STRING,
  inserted_at TIMESTAMP,
  archived_by STRING,
  archived_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP()
);

CREATE TABLE IF NOT EXISTS `backfill`.exclusions_archive (
  event_id STRING,
  event_created_at TIMESTAMP,
  event_name STRING,
  exclusion_added_timestamp TIMESTAMP,
  exclusion_description STRING,
  operation_id STRING,
  inserted_at TIMESTAMP,
  archived_by STRING,
  archived_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP()
);

CREATE TABLE IF NOT EXISTS `backfill`.applied_backfills (
  backfill_name STRING,
  checksum STRING,
  operation_id STRING,
  applied_at TIMESTAMP
);
