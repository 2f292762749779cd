CREATE TABLE IF NOT EXISTS `backfill`.operations (
  operation_id STRING,
  command STRING,
  macro STRING,
  args JSON,
  target STRING,
  run_by STRING,
  status STRING,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  sql_hash STRING,
  rows_written JSON,
  error STRING
);

CREATE TABLE IF NOT EXISTS `backfill`.model_watermarks (
  model STRING,
  watermark TIMESTAMP,
  last_run_at TIMESTAMP,
  operation_id STRING
);
