{{!--
Read just before a model's planning state: the start of the oldest transaction open now, or now when there is none
(minus a microsecond, as rows are read strictly after the watermark). A side-table row's inserted_at defaults to
now(), its transaction's start, so a row that commits after the planning snapshot has inserted_at >= this: a model's
watermark never passes it, and the next targeted run reads that row however old its inserted_at looks. Read before
the planning statement (which takes its snapshot later), so no transaction can commit unseen in between. Any session
of this database may write to the side tables; autovacuum and WAL senders never do. The role needs to see other
roles' sessions (superuser, pg_read_all_stats, or the same role): another role's xact_start reads as NULL.
--}}
SELECT CAST(LEAST(now(), MIN(xact_start)) AT TIME ZONE 'UTC' AS timestamp) - INTERVAL '1 microsecond' AS open_since
FROM pg_stat_activity
WHERE datname = current_database()
  AND backend_type NOT IN ('autovacuum worker', 'walsender')
