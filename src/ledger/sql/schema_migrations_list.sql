SELECT migration_id, checksum FROM {{tables.framework_schema}}.schema_migrations ORDER BY migration_id
