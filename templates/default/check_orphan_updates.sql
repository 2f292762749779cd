{{!-- Exceptions that claim to update an event the original never received. --}}
SELECT DISTINCT x.event_id
FROM {{tables.exceptions}} x
WHERE x.is_event_update = TRUE
  AND x.event_name IN {{list event_names}}
  AND NOT EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = x.event_id)
ORDER BY x.event_id
LIMIT {{sample}}
