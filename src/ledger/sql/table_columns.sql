{{!-- A table's columns and their types as the target names them (information_schema), in table order; no rows: no table. --}}
SELECT column_name, data_type
FROM information_schema.columns
WHERE table_catalog = {{#if catalog}}{{catalog}}{{else}}current_database(){{/if}}
  AND table_schema = {{schema}}
  AND table_name = {{name}}
ORDER BY ordinal_position
