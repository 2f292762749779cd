CREATE SCHEMA IF NOT EXISTS {{tables.framework_schema}};
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.schema_migrations (
  migration_id {{type "string"}},
  checksum {{type "string"}},
  applied_at {{type "timestamp"}}
);
