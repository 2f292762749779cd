UPDATE {{tables.framework_schema}}.operations
SET status = 'succeeded', reverted_by = NULL
WHERE operation_id = {{operation_id}}
