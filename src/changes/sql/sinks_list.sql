{{!-- Every sink with its status and how many changes wait for it and were delivered. --}}
SELECT s.sink, s.spec, s.status, s.error, s.updated_at, COALESCE(c.pending, 0) AS pending, COALESCE(c.delivered, 0) AS delivered
FROM {{tables.framework_schema}}.change_sinks s
LEFT JOIN (
  SELECT sink,
    SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END) AS pending,
    SUM(CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END) AS delivered
  FROM {{tables.framework_schema}}.change_outbox
  GROUP BY sink
) c ON c.sink = s.sink
{{#if sink}}
WHERE s.sink = {{sink}}
{{/if}}
ORDER BY s.sink
