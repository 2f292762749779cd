{{!-- Ids of the events with side-table rows written in (since, upto]: what a targeted run corrects one by one. --}}
SELECT event_id FROM {{tables.exceptions}}
WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
UNION ALL
SELECT event_id FROM {{tables.exclusions}}
WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
