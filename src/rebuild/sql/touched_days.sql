{{!--
Days a targeted rebuild must cover: the days of side-table rows written (or reverted) since the model's
watermark, and the days where the events they name sit in the stage table now (an exception may have moved an
event away); after a revert, also where the events' remaining rows put them.
Without `stage_lookup` the stage table is not read: the rows' own days, and one more row (day NULL) counting the
rows written since the watermark by anything but an operation recorded as keeping its events' days (a macro
declaring `keeps_event_days`: rows copied from the effective events, so an event sits where its row says). The
planner looks the events up in the stage table (this query again, with `stage_lookup`) only when that count is not 0:
on BigQuery that lookup reads the stage table's key column in every partition. `id_limit`: also the touched ids (at
most that many; rows with `touched_id`), for the rebuild's statements to take as a parameter.
--}}
WITH touched AS (
  SELECT event_id, event_created_at, event_name, operation_id, inserted_at AS written_at FROM {{tables.exceptions}}
  WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
  UNION ALL
  SELECT event_id, event_created_at, event_name, operation_id, inserted_at AS written_at FROM {{tables.exclusions}}
  WHERE inserted_at > {{since}} AND inserted_at <= {{upto}}
  {{!-- Rows a revert took away since the watermark: their days change too. --}}
  UNION ALL
  SELECT event_id, event_created_at, event_name, operation_id, archived_at AS written_at FROM {{tables.framework_schema}}.exceptions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
  UNION ALL
  SELECT event_id, event_created_at, event_name, operation_id, archived_at AS written_at FROM {{tables.framework_schema}}.exclusions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
)
{{#unless stage_lookup}}
{{!--
A row counts as kept only when its operation id names ledger entries that all keep their events' days and are
finished, and it was written before that finish: a row written by hand later with a copied operation id, or a batch
of an operation not finished yet, brings the stage lookup back.
--}}
SELECT CAST(NULL AS DATE) AS day, COUNT(*) AS unkept, CAST(NULL AS {{type "string"}}) AS touched_id
FROM touched t
LEFT JOIN (
  SELECT operation_id, MIN(finished_at) AS finished_at
  FROM {{tables.framework_schema}}.operations
  WHERE operation_id IS NOT NULL
  GROUP BY operation_id
  HAVING MIN(CASE WHEN keeps_event_days THEN 1 ELSE 0 END) = 1
) kept ON kept.operation_id = t.operation_id
WHERE kept.operation_id IS NULL OR kept.finished_at IS NULL OR t.written_at > kept.finished_at
{{#if id_limit}}
{{!-- The ids too, one more than `id_limit` at most (then too many to pass on as a parameter). --}}
UNION ALL
SELECT CAST(NULL AS DATE), CAST(NULL AS {{type "int"}}), touched_id
FROM (SELECT DISTINCT event_id AS touched_id FROM touched WHERE event_id IS NOT NULL LIMIT {{id_limit}}) touched_ids
{{/if}}
UNION ALL
{{/unless}}
SELECT DISTINCT CAST(day_at AS DATE) AS day{{#unless stage_lookup}}, CAST(NULL AS {{type "int"}}) AS unkept, CAST(NULL AS {{type "string"}}) AS touched_id{{/unless}}
FROM (
  SELECT event_created_at AS day_at FROM touched WHERE event_name = {{event_name}}
  {{#if stage_lookup}}
  UNION ALL
  SELECT s.{{ident partition_by}} AS day_at
  FROM {{stage_table}} s
  WHERE s.{{ident unique_key}} IN (SELECT event_id FROM touched)
  {{/if}}
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
