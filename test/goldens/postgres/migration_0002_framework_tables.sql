CREATE TABLE IF NOT EXISTS "backfill".operations (
  operation_id text,
  command text,
  macro text,
  args jsonb,
  target text,
  run_by text,
  status text,
  started_at timestamptz,
  finished_at timestamptz,
  sql_hash text,
  rows_written jsonb,
  error text
);

CREATE TABLE IF NOT EXISTS "backfill".model_watermarks (
  model text,
  watermark timestamptz,
  last_run_at timestamptz,
  operation_id text
);
