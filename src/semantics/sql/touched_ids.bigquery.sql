{{!--
Ids of the events with side-table rows written in (since, upto]: what a targeted run corrects one by one. `ids`: the
planner read them already (rebuild/touched_days) and they are few: one array parameter instead of another scan of
the side tables' event_id and inserted_at columns in every partition, which BigQuery bills per statement.
--}}
{{#if ids}}
SELECT event_id FROM {{list ids}} AS event_id
{{else}}
SELECT event_id FROM {{tables.exceptions}}
WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
UNION ALL
SELECT event_id FROM {{tables.exclusions}}
WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
{{/if}}
