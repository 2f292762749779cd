CREATE TABLE IF NOT EXISTS `backfill`.operation_batches (
  operation_id STRING,
  model STRING,
  batch_no INT64,
  first_day DATE,
  last_day DATE,
  high_water TIMESTAMP,
  status STRING,
  row_count INT64,
  finished_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS `backfill`.leases (
  resource STRING,
  holder STRING,
  holder_info STRING,
  acquired_at TIMESTAMP,
  expires_at TIMESTAMP
);
