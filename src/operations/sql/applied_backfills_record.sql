INSERT INTO {{tables.framework_schema}}.applied_backfills (backfill_name, checksum, operation_id, applied_at)
VALUES ({{backfill_name}}, {{checksum}}, {{operation_id}}, {{applied_at}})
