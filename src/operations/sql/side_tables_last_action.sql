{{!-- The latest action time on record: a new operation's timestamp must come after it. --}}
SELECT MAX(action_at) AS last_action
FROM (
  SELECT MAX(exception_added_timestamp) AS action_at FROM {{tables.exceptions}}
  UNION ALL
  SELECT MAX(exclusion_added_timestamp) AS action_at FROM {{tables.exclusions}}
) latest_actions
