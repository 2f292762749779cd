ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS host text;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS pid bigint;

ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS process_started text;
