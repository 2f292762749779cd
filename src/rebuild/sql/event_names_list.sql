{{!-- The event names present (original and exceptions): asked only to name the nearest ones in an error. --}}
SELECT event_name FROM {{tables.original}} GROUP BY event_name
UNION ALL
SELECT event_name FROM {{tables.exceptions}} GROUP BY event_name
