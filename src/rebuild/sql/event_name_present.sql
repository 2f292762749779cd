{{!--
Whether any event of this name exists or existed (original, exceptions, excluded or not, or exceptions a revert
archived: a reverted import of the name's only events rightly empties its stage table): the cheap question a
rebuild asks before it may empty a stage table. EXISTS stops at the first row; on BigQuery the filter on event_name is what
clustering prunes by.
--}}
SELECT CASE
  WHEN EXISTS (SELECT 1 FROM {{tables.original}} WHERE event_name = {{event_name}}) THEN 1
  WHEN EXISTS (SELECT 1 FROM {{tables.exceptions}} WHERE event_name = {{event_name}}) THEN 1
  WHEN EXISTS (SELECT 1 FROM {{tables.framework_schema}}.exceptions_archive WHERE event_name = {{event_name}}) THEN 1
  ELSE 0
END AS present
