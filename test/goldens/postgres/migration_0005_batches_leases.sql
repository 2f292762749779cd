CREATE TABLE IF NOT EXISTS "backfill".operation_batches (
  operation_id text,
  model text,
  batch_no bigint,
  first_day date,
  last_day date,
  high_water timestamptz,
  status text,
  row_count bigint,
  finished_at timestamptz
);

CREATE TABLE IF NOT EXISTS "backfill".leases (
  resource text,
  holder text,
  holder_info text,
  acquired_at timestamptz,
  expires_at timestamptz
);
