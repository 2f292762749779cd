CREATE SCHEMA IF NOT EXISTS `kinesis`;

CREATE SCHEMA IF NOT EXISTS `s3`;

CREATE SCHEMA IF NOT EXISTS `backfill`;

CREATE SCHEMA IF NOT EXISTS `stage`;

CREATE TABLE IF NOT EXISTS `kinesis`.`backend_events` (
  event_id STRING,
  event_created_at TIMESTAMP,
  event_name STRING,
  user_id STRING,
  event_external_reference_id STRING,
  event_advisor_id STRING,
  event_data JSON,
  event_ingested_at TIMESTAMP
)PARTITION BY DATE(`event_created_at`)
CLUSTER BY `event_name`, `event_id`;

CREATE TABLE IF NOT EXISTS `s3`.`backend_events_exceptions` (
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
  inserted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP()
)PARTITION BY DATE(`event_created_at`)
CLUSTER BY `event_name`, `event_id`;

CREATE TABLE IF NOT EXISTS `s3`.`backend_events_exclusions` (
  event_id STRING,
  event_created_at TIMESTAMP,
  event_name STRING,
  exclusion_added_timestamp TIMESTAMP,
  exclusion_description STRING,
  operation_id STRING,
  inserted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP()
)PARTITION BY DATE(`event_created_at`)
CLUSTER BY `event_name`, `event_id`;
