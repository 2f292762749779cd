{{!-- One row per application: a migration re-applied for a changed configuration gets a second row. --}}
INSERT INTO {{tables.framework_schema}}.schema_migrations (migration_id, checksum, rendered_checksum, applied_at)
VALUES ({{migration_id}}, {{checksum}}, {{rendered_checksum}}, {{applied_at}})
