{{!--
What one rebuild changes, computed in the warehouse: the stage rows it replaces (`replaced`: the rebuilt days, the
corrected events on days replaced event by event, any row whose key is rebuilt, or the whole old table kept aside
by a full rebuild) joined on the unique key to the rows it writes (`after_table`). New or different rows are
UPDATEs carrying the new row, rows that disappear are DELETEs; identical rows give nothing. Written to the outbox in
the rebuild's own transaction.
The rebuild's `ts`, which orders the feed, is assigned here by the warehouse, never by a client's clock: its clock
in epoch milliseconds, raised above every `ts` already in the outbox. A model's captures are serialised by its lock
(each commits before the next starts), so every group of a model is later than the ones before it.
--}}
INSERT INTO {{tables.framework_schema}}.change_outbox (sink, ts, doc_type, doc_id, op, value, operation_id, delivered_at)
WITH next_ts AS (
  SELECT GREATEST({{dispatch "changes/epoch_ms"}}, COALESCE(MAX(ts), 0) + 1) AS ts FROM {{tables.framework_schema}}.change_outbox
),
replaced AS (
  {{#if ranges}}
  SELECT * FROM {{stage_table}}
  WHERE {{in_days (ident partition_by) ranges}}
     OR ({{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{after_table}}){{#if moved_within}} AND {{in_days (ident partition_by) moved_within}}{{/if}})
  {{#if touched}}
     OR ({{dispatch "semantics/touched_rows" touched=touched days=event_ranges unique_key=unique_key partition_by=partition_by}})
  {{/if}}
  {{else}}
  SELECT * FROM {{before_table}}{{#if before_empty}} WHERE FALSE{{/if}}
  {{/if}}
)
SELECT {{sink}}, (SELECT ts FROM next_ts), {{doc_type}}, CAST(a.{{ident unique_key}} AS {{type "string"}}), 'UPDATE', {{dispatch "changes/row_json" cols=column_names alias="a"}}, {{operation_id}}, CAST(NULL AS {{type "timestamp"}})
FROM {{after_table}} a
LEFT JOIN replaced b ON b.{{ident unique_key}} = a.{{ident unique_key}}
WHERE b.{{ident unique_key}} IS NULL
{{#if all_changed}}
  OR TRUE
{{else}}
{{#each column_names}}
  OR a.{{ident this}} IS DISTINCT FROM b.{{ident this}}
{{/each}}
{{/if}}
UNION ALL
SELECT {{sink}}, (SELECT ts FROM next_ts), {{doc_type}}, CAST(b.{{ident unique_key}} AS {{type "string"}}), 'DELETE', '{}', {{operation_id}}, CAST(NULL AS {{type "timestamp"}})
FROM replaced b
WHERE NOT EXISTS (SELECT 1 FROM {{after_table}} a WHERE a.{{ident unique_key}} = b.{{ident unique_key}})
