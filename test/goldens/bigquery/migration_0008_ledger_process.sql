ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS host STRING;

ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS pid INT64;

ALTER TABLE `backfill`.operations ADD COLUMN IF NOT EXISTS process_started STRING;
