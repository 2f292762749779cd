SELECT DISTINCT event_id FROM {{tables.original}} WHERE event_id IN {{list event_ids}}
