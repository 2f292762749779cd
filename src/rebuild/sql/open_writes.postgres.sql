{{!--
Read just before a model's planning state: the start of the oldest transaction open now, or now when there is none
(minus a microsecond, as rows are read strictly after the watermark). A side-table row's inserted_at defaults to
now(), its transaction's start, so a row that commits after the planning snapshot has inserted_at >= this: a model's
watermark never passes it, and the next targeted run reads that row however old its inserted_at looks. Read before
the planning statement (which takes its snapshot later), so no transaction can commit unseen in between. Any session
of this database may write to the side tables; autovacuum workers (no role) and WAL senders never do.
A role without pg_read_all_stats (nor superuser, nor member of the other role) sees another role's session with
everything but datid, pid, usesysid, application_name NULL (xact_start, backend_start, state, backend_type:
PostgreSQL 15): such a session with a transaction open (it holds its virtualxid lock, which pg_locks shows to
everyone) is taken as open since `margin_minutes` ago (vars.late_commit_margin_minutes), never skipped, and counted
in `hidden_open` so the command warns.
--}}
SELECT CAST(LEAST(now(), MIN(xact_start), MIN(CASE WHEN hidden_open THEN now() - make_interval(mins => {{margin_minutes}}) END)) AT TIME ZONE 'UTC' AS timestamp) - INTERVAL '1 microsecond' AS open_since,
  COUNT(*) FILTER (WHERE hidden_open) AS hidden_open
FROM (
  SELECT a.xact_start,
    a.backend_start IS NULL AND a.usesysid IS NOT NULL
      AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'virtualxid' AND l.granted) AS hidden_open
  FROM pg_stat_activity a
  WHERE a.datname = current_database()
    AND COALESCE(a.backend_type, '') NOT IN ('autovacuum worker', 'walsender')
) AS sessions
