CREATE TABLE IF NOT EXISTS `backfill`.change_sinks (
  sink STRING,
  spec STRING,
  status STRING,
  error STRING,
  updated_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS `backfill`.change_outbox (
  sink STRING,
  ts INT64,
  doc_type STRING,
  doc_id STRING,
  op STRING,
  value STRING,
  operation_id STRING,
  delivered_at TIMESTAMP
);
