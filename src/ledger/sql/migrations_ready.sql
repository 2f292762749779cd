{{!--
The migrations applied, read together with the event tables and the framework columns a run reads in them: one
query when all is well; only when it fails does requireMigrated look for what is missing (a table, or a table not
adopted yet), to say "run migrate" rather than pass a catalog error on.
--}}
SELECT migration_id FROM {{tables.framework_schema}}.schema_migrations
UNION ALL
SELECT event_id FROM {{tables.original}} WHERE FALSE
UNION ALL
SELECT operation_id FROM {{tables.exceptions}} WHERE FALSE AND inserted_at IS NULL AND exception_seq IS NULL
UNION ALL
SELECT operation_id FROM {{tables.exclusions}} WHERE FALSE AND inserted_at IS NULL
