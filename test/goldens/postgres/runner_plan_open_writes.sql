SELECT CAST(LEAST(now(), MIN(xact_start)) AT TIME ZONE 'UTC' AS timestamp) - INTERVAL '1 microsecond' AS open_since
FROM pg_stat_activity
WHERE datname = current_database()
  AND backend_type NOT IN ('autovacuum worker', 'walsender');
