UPDATE {{tables.framework_schema}}.operations
SET status = {{status}}, finished_at = {{finished_at}}, rows_written = {{rows}}, error = {{error}}
WHERE operation_id = {{operation_id}}
