{{!-- Later operations that wrote rows for the same events: reverting under them would pull the ground away. --}}
WITH touched AS (
  SELECT event_id FROM {{tables.exceptions}} WHERE operation_id = {{operation_id}}
  UNION ALL
  SELECT event_id FROM {{tables.exclusions}} WHERE operation_id = {{operation_id}}
),
later AS (
  SELECT COALESCE(operation_id, '(written by hand)') AS operation_id, event_id FROM {{tables.exceptions}}
  WHERE inserted_at > {{since}} AND COALESCE(operation_id, '') <> {{operation_id}}
  UNION ALL
  SELECT COALESCE(operation_id, '(written by hand)') AS operation_id, event_id FROM {{tables.exclusions}}
  WHERE inserted_at > {{since}} AND COALESCE(operation_id, '') <> {{operation_id}}
)
SELECT later.operation_id, COUNT(DISTINCT later.event_id) AS events
FROM later
JOIN touched ON touched.event_id = later.event_id
GROUP BY later.operation_id
ORDER BY later.operation_id
