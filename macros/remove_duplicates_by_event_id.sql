{{!--
description: For ids of the stage table's event name delivered more than once within the lookback and not yet excluded, record an exclusion plus one exception holding the id's current effective row, so exactly one copy survives and the choice is frozen.
args:
  stage_table_name: { type: stage_table, required: true }
  lookback_days: { type: integer, default: 14, min: 0, max: 3650 }
  description: { type: string, default: "remove_duplicates_by_event_id: duplicated deliveries" }
batchable: true
keeps_event_days: true
--}}
{{!--
The current rows come from the lookback days only (constant bounds: partitions prune, the cost does not grow with
the table's age); an id whose effective row sits outside them is already decided by an older copy or an action.
--}}
INSERT INTO {{tables.exceptions}} ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id)
WITH {{effective_events as="current_events" event_name=args.event_name lookback_days=args.lookback_days}}
SELECT {{columns "current_events"}}, {{op.ts}}, {{args.description}}, TRUE, {{op.id}}
FROM current_events
WHERE current_events.event_id IN (
    SELECT event_id
    FROM {{tables.original}}
    WHERE event_name = {{args.event_name}}
      AND event_created_at >= {{lookback_start args.lookback_days}}
      AND event_created_at < {{lookback_end}}
    GROUP BY event_id
    HAVING COUNT(*) > 1
  )
  AND current_events.event_id NOT IN (SELECT event_id FROM {{tables.exclusions}} WHERE event_id IS NOT NULL)
  {{batch_filter "current_events.event_created_at" and=true}};

{{!--
The exclusions are exactly the ids just frozen above, at the same timestamp: the exception wins the tie. Those
exceptions all lie in the lookback days (the current rows above come from them only): bounded alike, so partitions
prune here too.
--}}
INSERT INTO {{tables.exclusions}} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
SELECT event_id, event_created_at, event_name, {{op.ts}}, {{args.description}}, {{op.id}}
FROM {{tables.exceptions}}
WHERE operation_id = {{op.id}}
  AND event_created_at >= {{lookback_start args.lookback_days}}
  AND event_created_at < {{lookback_end}}
  {{batch_filter "event_created_at" and=true}};
