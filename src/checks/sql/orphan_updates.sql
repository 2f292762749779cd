{{!--
Exceptions that claim to update an event that was never received: neither the original nor an inserting exception
(is_event_update = false, e.g. `import --insert`) has its id. Correcting an inserted event is an update of it.
--}}
SELECT DISTINCT x.event_id
FROM {{tables.exceptions}} x
WHERE x.is_event_update = TRUE
  AND x.event_name IN {{list event_names}}
  AND NOT EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = x.event_id)
  AND NOT EXISTS (SELECT 1 FROM {{tables.exceptions}} i WHERE i.event_id = x.event_id AND i.is_event_update = FALSE)
ORDER BY x.event_id
LIMIT {{sample}}
