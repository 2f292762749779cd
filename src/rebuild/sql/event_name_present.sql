{{!--
Whether any event of this name exists or existed (original, exceptions, excluded or not, or exceptions a revert
archived: a reverted import of the name's only events rightly empties its stage table): the cheap question a
rebuild asks before it may empty a stage table. EXISTS stops at the first row; on BigQuery the filter on event_name is what
clustering prunes by, but BigQuery bills every partition of the event_name column all the same. `ranges` (a day
rebuild's days): asked of those days first, so that the usual answer reads their partitions only.
--}}
SELECT CASE
  WHEN EXISTS (SELECT 1 FROM {{tables.original}} WHERE event_name = {{event_name}}{{#if ranges}} AND {{in_days "event_created_at" ranges}}{{/if}}) THEN 1
  WHEN EXISTS (SELECT 1 FROM {{tables.exceptions}} WHERE event_name = {{event_name}}{{#if ranges}} AND {{in_days "event_created_at" ranges}}{{/if}}) THEN 1
  WHEN EXISTS (SELECT 1 FROM {{tables.framework_schema}}.exceptions_archive WHERE event_name = {{event_name}}{{#if ranges}} AND {{in_days "event_created_at" ranges}}{{/if}}) THEN 1
  ELSE 0
END AS present
