CREATE SCHEMA IF NOT EXISTS "kinesis";

CREATE SCHEMA IF NOT EXISTS "s3";

CREATE SCHEMA IF NOT EXISTS "backfill";

CREATE SCHEMA IF NOT EXISTS "stage";

CREATE TABLE IF NOT EXISTS "kinesis"."backend_events" (
  event_id text,
  event_created_at timestamptz,
  event_name text,
  user_id text,
  event_external_reference_id text,
  event_advisor_id text,
  event_data jsonb,
  event_ingested_at timestamptz
);

CREATE TABLE IF NOT EXISTS "s3"."backend_events_exceptions" (
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
  inserted_at timestamptz DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "s3"."backend_events_exclusions" (
  event_id text,
  event_created_at timestamptz,
  event_name text,
  exclusion_added_timestamp timestamptz,
  exclusion_description text,
  operation_id text,
  inserted_at timestamptz DEFAULT CURRENT_TIMESTAMP
);
