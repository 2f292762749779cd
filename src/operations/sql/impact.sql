{{!--
What a set of side-table rows touches: events per event name, the oldest event, and the users with the most
affected events (a hot key can overload downstream consumers). The rows are one operation's, or all written
since a watermark.
--}}
WITH touched AS (
  SELECT x.event_id, x.event_name, x.event_created_at, x.user_id
  FROM {{tables.exceptions}} x
  WHERE {{#if operation_id}}x.operation_id = {{operation_id}}{{else}}x.inserted_at > {{since}}{{/if}}
  UNION ALL
  SELECT x.event_id, x.event_name, x.event_created_at,
    (SELECT MIN(o.user_id) FROM {{tables.original}} o WHERE o.event_id = x.event_id) AS user_id
  FROM {{tables.exclusions}} x
  WHERE {{#if operation_id}}x.operation_id = {{operation_id}}{{else}}x.inserted_at > {{since}}{{/if}}
),
events AS (
  SELECT event_id, MIN(event_name) AS event_name, MIN(event_created_at) AS event_created_at, MIN(user_id) AS user_id
  FROM touched
  GROUP BY event_id
)
SELECT 'event_name' AS kind, event_name AS item, COUNT(*) AS events, MIN(event_created_at) AS oldest FROM events GROUP BY event_name
UNION ALL
SELECT 'user' AS kind, item, events, oldest FROM (
  SELECT user_id AS item, COUNT(*) AS events, MIN(event_created_at) AS oldest
  FROM events
  WHERE user_id IS NOT NULL
  GROUP BY user_id
  ORDER BY events DESC, item
  LIMIT 10
) top_users
ORDER BY kind, events DESC, item
