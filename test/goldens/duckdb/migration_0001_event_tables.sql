CREATE SCHEMA IF NOT EXISTS "kinesis";

CREATE SCHEMA IF NOT EXISTS "s3";

CREATE SCHEMA IF NOT EXISTS "backfill";

CREATE SCHEMA IF NOT EXISTS "stage";

CREATE TABLE IF NOT EXISTS "kinesis"."backend_events" (
  event_id VARCHAR,
  event_created_at TIMESTAMP,
  event_name VARCHAR,
  user_id VARCHAR,
  event_external_reference_id VARCHAR,
  event_advisor_id VARCHAR,
  event_data JSON,
  event_ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "s3"."backend_events_exceptions" (
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
  inserted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "s3"."backend_events_exclusions" (
  event_id VARCHAR,
  event_created_at TIMESTAMP,
  event_name VARCHAR,
  exclusion_added_timestamp TIMESTAMP,
  exclusion_description VARCHAR,
  operation_id VARCHAR,
  inserted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
