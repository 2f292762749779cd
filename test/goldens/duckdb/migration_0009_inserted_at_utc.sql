ALTER TABLE "s3"."backend_events_exceptions" ALTER COLUMN inserted_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');

ALTER TABLE "s3"."backend_events_exclusions" ALTER COLUMN inserted_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
