{{!--
Days a targeted rebuild must cover: the days of side-table rows written (or reverted) since the model's
watermark, and the days where the events they name sit in the stage table now (an exception may have moved an
event away); after a revert, also where the events' remaining rows put them.
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
  {{#if with_reverts}}
  {{!--
  A reverted row may hand an event back to an older action or to its original copy, on days nothing above names
  (the event may not be in the stage table at all): the days of its remaining exceptions and original copies.
  Only planned when a revert happened since the watermark, so other runs never read the original here.
  --}}
  UNION ALL
  SELECT x.event_created_at AS day_at
  FROM {{tables.exceptions}} x
  WHERE x.event_name = {{event_name}}
    AND x.event_id IN (SELECT event_id FROM touched)
  UNION ALL
  SELECT o.event_created_at AS day_at
  FROM {{tables.original}} o
  WHERE o.event_name = {{event_name}}
    AND o.event_id IN (SELECT event_id FROM touched)
  {{/if}}
) touched_days
WHERE day_at IS NOT NULL
ORDER BY day
