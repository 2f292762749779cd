UPDATE {{tables.framework_schema}}.operation_batches
SET status = 'done', row_count = {{row_count}}, finished_at = {{finished_at}}
WHERE operation_id = {{operation_id}} AND model = {{model}} AND batch_no = {{batch_no}}
