{{!--
When this role may not list the open writes (open_writes: INFORMATION_SCHEMA.JOBS_BY_PROJECT and
SESSIONS_BY_PROJECT need bigquery.jobs.listAll): a write may have been open for up to `margin_minutes`
(vars.late_commit_margin_minutes), by the warehouse's clock.
--}}
SELECT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL {{margin_minutes}} MINUTE) AS open_since
