{{!-- Lines read, lines not taken as they are, and events older than the import age limit. --}}
SELECT COUNT(*) AS total_lines,
  COUNT(*) FILTER (WHERE NOT line_ok) AS doubtful,
  COUNT(*) FILTER (WHERE event_created_at < {{limit}}) AS old_events
FROM {{staging}}
