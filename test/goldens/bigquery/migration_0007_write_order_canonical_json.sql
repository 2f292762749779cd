ALTER TABLE `s3`.`backend_events_exceptions` ADD COLUMN IF NOT EXISTS exception_seq INT64;

ALTER TABLE `backfill`.exceptions_archive ADD COLUMN IF NOT EXISTS exception_seq INT64;
