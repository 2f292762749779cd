{{!-- Events whose latest action is an exclusion must not be in the stage table. --}}
WITH actions AS (
  SELECT event_id, exception_added_timestamp AS action_at, 1 AS action_rank FROM {{tables.exceptions}}
  UNION ALL
  SELECT event_id, exclusion_added_timestamp AS action_at, 0 AS action_rank FROM {{tables.exclusions}}
),
latest AS (
  SELECT event_id, action_rank FROM (
    SELECT event_id, action_rank, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY action_at DESC, action_rank DESC) AS pos
    FROM actions
  ) ranked
  WHERE pos = 1
)
SELECT s.{{ident unique_key}} AS event_id
FROM {{stage_table}} s
JOIN latest l ON l.event_id = s.{{ident unique_key}} AND l.action_rank = 0
ORDER BY event_id
LIMIT {{sample}}
