{{!--
description: Correct fields of event_data. Writes one exception per matching event, copied from its current effective row with the new values set.
args:
  stage_table_name: { type: stage_table, description: stage model whose event name to correct }
  event_name: { type: event_name, description: event name to correct (instead of stage_table_name) }
  event_id: { type: event_id, description: id of the event to correct (the runbook's form) }
  event_ids: { type: event_ids, description: ids of the events to correct }
  event_created_at: { type: timestamp, description: "the events' event_created_at (a date or timestamp): only that UTC day is read, so partitions prune" }
  where: { type: where_map, description: "match on event columns or JSON paths, e.g. {$.Status: Pending}" }
  set: { type: set_map, required: true, description: "JSON path → new value, e.g. {$.Status: Failed}" }
  description: { type: string, default: "update_event_data: no description given", description: "why, for the record (default: the macro's name; the ledger records who ran it)" }
exactly_one_of:
  - [stage_table_name, event_name]
  - [event_id, event_ids, where]
batchable: true
keeps_event_days: true
reports_unmatched: [event_id, event_ids]
--}}
INSERT INTO {{tables.exceptions}} ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id)
WITH {{effective_events as="current_events" event_name=args.event_name day=args.event_created_at}}
SELECT
  event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  {{json_set "event_data" args.set}},
  event_ingested_at,
  {{op.ts}}, {{args.description}}, TRUE, {{op.id}}
FROM current_events
WHERE
{{#if args.event_id}}
  event_id = {{args.event_id}}
{{else if args.event_ids}}
  event_id IN {{list args.event_ids}}
{{else}}
  {{#each args.where}}{{#unless @first}} AND {{/unless}}{{where_match @key this}}{{/each}}
{{/if}}
  {{!-- A correction that changes nothing is not written: re-running an operation is a no-op. --}}
  AND {{json_text (json_set "event_data" args.set)}} IS DISTINCT FROM {{json_text "event_data"}}
  {{batch_filter "event_created_at" and=true}}
