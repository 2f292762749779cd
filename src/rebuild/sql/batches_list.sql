SELECT model, batch_no, CAST(first_day AS {{type "string"}}) AS first_day, CAST(last_day AS {{type "string"}}) AS last_day, high_water, status
FROM {{tables.framework_schema}}.operation_batches
WHERE operation_id = {{operation_id}}
ORDER BY model, batch_no
