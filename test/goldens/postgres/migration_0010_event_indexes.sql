CREATE INDEX IF NOT EXISTS backfill_original_name_day ON "kinesis"."backend_events" (event_name, event_created_at);

CREATE INDEX IF NOT EXISTS backfill_original_id ON "kinesis"."backend_events" (event_id);

CREATE INDEX IF NOT EXISTS backfill_exceptions_name_day ON "s3"."backend_events_exceptions" (event_name, event_created_at);

CREATE INDEX IF NOT EXISTS backfill_exceptions_id ON "s3"."backend_events_exceptions" (event_id);

CREATE INDEX IF NOT EXISTS backfill_exceptions_inserted ON "s3"."backend_events_exceptions" (inserted_at);

CREATE INDEX IF NOT EXISTS backfill_exclusions_id ON "s3"."backend_events_exclusions" (event_id);

CREATE INDEX IF NOT EXISTS backfill_exclusions_inserted ON "s3"."backend_events_exclusions" (inserted_at);

ANALYZE "kinesis"."backend_events";

ANALYZE "s3"."backend_events_exceptions";

ANALYZE "s3"."backend_events_exclusions";
