{{!-- Events of one import created before the import age limit (reported: many downstream tools refuse old data). --}}
SELECT COUNT(*) AS old_events
FROM {{tables.exceptions}}
WHERE operation_id = {{operation_id}} AND event_created_at < {{limit}}
