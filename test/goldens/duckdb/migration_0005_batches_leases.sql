CREATE TABLE IF NOT EXISTS "backfill".operation_batches (
  operation_id VARCHAR,
  model VARCHAR,
  batch_no BIGINT,
  first_day DATE,
  last_day DATE,
  high_water TIMESTAMP,
  status VARCHAR,
  row_count BIGINT,
  finished_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".leases (
  resource VARCHAR,
  holder VARCHAR,
  holder_info VARCHAR,
  acquired_at TIMESTAMP,
  expires_at TIMESTAMP
);
