{{!-- Exceptions that claim to add a missing event whose id the original already has. --}}
SELECT DISTINCT x.event_id
FROM {{tables.exceptions}} x
WHERE x.is_event_update = FALSE
  AND x.event_name IN {{list event_names}}
  AND EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = x.event_id)
ORDER BY x.event_id
LIMIT {{sample}}
