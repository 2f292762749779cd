CREATE SCHEMA IF NOT EXISTS {{tables.framework_schema}};
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.schema_migrations (
  migration_id {{type "string"}},
  checksum {{type "string"}},
  applied_at {{type "timestamp"}}
);
{{!-- What the migration rendered for the configuration it was applied with (issue 18): changed tables: re-apply it. --}}
ALTER TABLE {{tables.framework_schema}}.schema_migrations ADD COLUMN IF NOT EXISTS rendered_checksum {{type "string"}};
