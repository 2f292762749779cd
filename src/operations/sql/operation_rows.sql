SELECT 'exceptions' AS side_table, COUNT(*) AS row_count FROM {{tables.exceptions}} WHERE operation_id = {{operation_id}}
UNION ALL
SELECT 'exclusions' AS side_table, COUNT(*) AS row_count FROM {{tables.exclusions}} WHERE operation_id = {{operation_id}}
