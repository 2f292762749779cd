SELECT COUNT(*) AS row_count, COUNT(*) - COUNT(DISTINCT event_id) AS duplicate_deliveries FROM {{tables.original}}
