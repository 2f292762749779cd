SELECT backfill_name, checksum, operation_id FROM {{tables.framework_schema}}.applied_backfills ORDER BY backfill_name
