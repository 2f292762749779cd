ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS host VARCHAR;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS pid BIGINT;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS process_started VARCHAR;
