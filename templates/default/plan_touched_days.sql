{{!--
Days a targeted rebuild must cover: the days of side-table rows written (or reverted) since the model's
watermark, and the days where the events they name sit in the stage table now (an exception may have moved an
event away).
--}}
WITH touched AS (
  SELECT event_id, event_created_at, event_name FROM {{tables.exceptions}}
  WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
  UNION ALL
  SELECT event_id, event_created_at, event_name FROM {{tables.exclusions}}
  WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
  {{!-- Rows a revert took away since the watermark: their days change too. --}}
  UNION ALL
  SELECT event_id, event_created_at, event_name FROM {{tables.framework_schema}}.exceptions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
  UNION ALL
  SELECT event_id, event_created_at, event_name FROM {{tables.framework_schema}}.exclusions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
)
SELECT DISTINCT CAST(day_at AS DATE) AS day
FROM (
  SELECT event_created_at AS day_at FROM touched WHERE event_name = {{event_name}}
  UNION ALL
  SELECT s.{{ident partition_by}} AS day_at
  FROM {{stage_table}} s
  WHERE s.{{ident unique_key}} IN (SELECT event_id FROM touched)
) touched_days
WHERE day_at IS NOT NULL
ORDER BY day
