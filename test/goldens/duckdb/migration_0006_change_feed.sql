CREATE TABLE IF NOT EXISTS "backfill".change_sinks (
  sink VARCHAR,
  spec VARCHAR,
  status VARCHAR,
  error VARCHAR,
  updated_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "backfill".change_outbox (
  sink VARCHAR,
  ts BIGINT,
  doc_type VARCHAR,
  doc_id VARCHAR,
  op VARCHAR,
  value VARCHAR,
  operation_id VARCHAR,
  delivered_at TIMESTAMP
);
