{{!--
The migrations applied (with what each rendered), read together with the event tables and the framework columns a
run reads in them: one query when all is well; only when it fails does requireMigrated look for what is missing (a
table, or a table not adopted yet), to say "run migrate" rather than pass a catalog error on.
--}}
SELECT migration_id, checksum, rendered_checksum, applied_at FROM {{tables.framework_schema}}.schema_migrations
UNION ALL
SELECT event_id, event_id, event_id, event_created_at FROM {{tables.original}} WHERE FALSE
UNION ALL
SELECT operation_id, operation_id, operation_id, inserted_at FROM {{tables.exceptions}} WHERE FALSE AND exception_seq IS NULL
UNION ALL
SELECT operation_id, operation_id, operation_id, inserted_at FROM {{tables.exclusions}} WHERE FALSE
ORDER BY 1, 4
