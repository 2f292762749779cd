UPDATE {{tables.framework_schema}}.operations
SET status = 'reverted', reverted_by = {{reverted_by}}
WHERE operation_id = {{operation_id}}
