{{!-- Every recorded column (rows of older versions have no rendered_checksum), the latest application of each last. --}}
SELECT * FROM {{tables.framework_schema}}.schema_migrations ORDER BY migration_id, applied_at
