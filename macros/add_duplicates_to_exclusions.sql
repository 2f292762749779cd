{{!--
description: Exclude events by id (they disappear from the stage table on the next run).
args:
  stage_table_name: { type: stage_table, required: true }
  event_id: { type: event_id }
  event_ids: { type: event_ids }
  description: { type: string, default: "add_duplicates_to_exclusions: no description given", description: "why, for the record (default: the macro's name; the ledger records who ran it)" }
exactly_one_of:
  - [event_id, event_ids]
batchable: true
keeps_event_days: true
reports_unmatched: [event_id, event_ids]
--}}
INSERT INTO {{tables.exclusions}} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
WITH {{effective_events as="current_events" event_name=args.event_name}}
SELECT event_id, event_created_at, event_name, {{op.ts}}, {{args.description}}, {{op.id}}
FROM current_events
{{#if args.event_id}}
WHERE event_id = {{args.event_id}}
{{else}}
WHERE event_id IN {{list args.event_ids}}
{{/if}}
{{batch_filter "event_created_at" and=true}}
