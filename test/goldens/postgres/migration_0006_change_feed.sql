CREATE TABLE IF NOT EXISTS "backfill".change_sinks (
  sink text,
  spec text,
  status text,
  error text,
  updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS "backfill".change_outbox (
  sink text,
  ts bigint,
  doc_type text,
  doc_id text,
  op text,
  value text,
  operation_id text,
  delivered_at timestamptz
);
