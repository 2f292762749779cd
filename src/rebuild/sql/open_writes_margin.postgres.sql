{{!--
When this role may not read pg_stat_activity or pg_locks (open_writes): a write may have been open for up to
`margin_minutes` (vars.late_commit_margin_minutes), by the server's clock.
--}}
SELECT CAST((now() - make_interval(mins => {{margin_minutes}})) AT TIME ZONE 'UTC' AS timestamp) AS open_since
