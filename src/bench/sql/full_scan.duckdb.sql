SELECT COUNT(DISTINCT event_id) AS n FROM {{tables.original}} WHERE event_name = {{event_name}}
