{{!-- The days a full refresh of one model covers: every day with an original row, a side-table row, or a stage row. --}}
SELECT MIN(day_at) AS first_day, MAX(day_at) AS last_day
FROM (
  SELECT MIN(event_created_at) AS day_at FROM {{tables.original}} WHERE event_name = {{event_name}}
  UNION ALL
  SELECT MAX(event_created_at) AS day_at FROM {{tables.original}} WHERE event_name = {{event_name}}
  UNION ALL
  SELECT MIN(event_created_at) AS day_at FROM {{tables.exceptions}} WHERE event_name = {{event_name}}
  UNION ALL
  SELECT MAX(event_created_at) AS day_at FROM {{tables.exceptions}} WHERE event_name = {{event_name}}
) bounds
