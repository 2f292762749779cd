ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS git_commit text;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS sql_text text;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS reverted_by text;

CREATE TABLE IF NOT EXISTS "backfill".exceptions_archive (
  event_id text,
  event_created_at timestamptz,
  event_name text,
  user_id text,
  event_external_reference_id text,
  event_advisor_id text,
  event_data jsonb,
  event_ingested_at timestamptz,
  exception_added_timestamp timestamptz,
  exception_description text,
  is_event_update boolean,
  operation_id text,
  inserted_at timestamptz,
  archived_by text,
  archived_at timestamptz DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".exclusions_archive (
  event_id text,
  event_created_at timestamptz,
  event_name text,
  exclusion_added_timestamp timestamptz,
  exclusion_description text,
  operation_id text,
  inserted_at timestamptz,
  archived_by text,
  archived_at timestamptz DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".applied_backfills (
  backfill_name text,
  checksum text,
  operation_id text,
  applied_at timestamptz
);
