{{!-- An import of the same file (same checksum) that already succeeded. --}}
SELECT backfill_name, operation_id FROM {{tables.framework_schema}}.applied_backfills WHERE backfill_name = {{name}}
