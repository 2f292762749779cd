ALTER TABLE "backfill".operations ADD COLUMN IF NOT EXISTS keeps_event_days boolean;
