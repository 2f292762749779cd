CREATE TABLE IF NOT EXISTS "backfill".operations (
  operation_id VARCHAR,
  command VARCHAR,
  macro VARCHAR,
  args JSON,
  target VARCHAR,
  run_by VARCHAR,
  status VARCHAR,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  sql_hash VARCHAR,
  rows_written JSON,
  error VARCHAR
);

CREATE TABLE IF NOT EXISTS "backfill".model_watermarks (
  model VARCHAR,
  watermark TIMESTAMP,
  last_run_at TIMESTAMP,
  operation_id VARCHAR
);
