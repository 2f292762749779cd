{{!--
Which of the ids an operation names exist as events of its event name: in the original or as exceptions (an inserted
event counts), excluded or not (excluding an excluded event again is a no-op, not a mistake). `days`: only events
created on those days count (update_event_data's event_created_at).
--}}
SELECT event_id FROM {{tables.original}} WHERE event_name = {{event_name}} AND event_id IN {{list event_ids}}{{#if days}} AND {{in_days "event_created_at" days}}{{/if}} GROUP BY event_id
UNION ALL
SELECT event_id FROM {{tables.exceptions}} WHERE event_name = {{event_name}} AND event_id IN {{list event_ids}}{{#if days}} AND {{in_days "event_created_at" days}}{{/if}} GROUP BY event_id
