INSERT INTO {{tables.framework_schema}}.schema_migrations (migration_id, checksum, applied_at)
VALUES ({{migration_id}}, {{checksum}}, {{applied_at}})
