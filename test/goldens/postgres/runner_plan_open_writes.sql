SELECT CAST(LEAST(now(), MIN(xact_start), MIN(CASE WHEN hidden_open THEN now() - make_interval(mins => 60) END)) AT TIME ZONE 'UTC' AS timestamp) - INTERVAL '1 microsecond' AS open_since,
  COUNT(*) FILTER (WHERE hidden_open) AS hidden_open
FROM (
  SELECT a.xact_start,
    a.backend_start IS NULL AND a.usesysid IS NOT NULL
      AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'virtualxid' AND l.granted) AS hidden_open
  FROM pg_stat_activity a
  WHERE a.datname = current_database()
    AND COALESCE(a.backend_type, '') NOT IN ('autovacuum worker', 'walsender')
) AS sessions;
