{{!--
description: Among the current events of the stage table's event name within the lookback, those sharing a non-null business key under different event ids keep the earliest (event_created_at, then event_id); the rest are excluded.
args:
  stage_table_name: { type: stage_table, required: true }
  business_key: { type: column_or_path, required: true, description: "an event column or a JSON path, e.g. event_external_reference_id or $.TransactionId" }
  lookback_days: { type: integer, default: 14, min: 0, max: 3650 }
  description: { type: string, default: "remove_duplicates_by_business_id: same business key under another event id" }
keeps_event_days: true
--}}
INSERT INTO {{tables.exclusions}} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
WITH {{effective_events as="current_events" event_name=args.event_name lookback_days=args.lookback_days}}
SELECT event_id, event_created_at, event_name, {{op.ts}}, {{args.description}}, {{op.id}}
FROM (
  SELECT
    event_id, event_created_at, event_name,
    ROW_NUMBER() OVER (PARTITION BY business_key ORDER BY event_created_at, {{dispatch "text_order" expr=(ident "event_id")}}) AS key_pos
  FROM (
    SELECT current_events.*, {{column_or_path args.business_key}} AS business_key
    FROM current_events
  ) keyed
  WHERE business_key IS NOT NULL
) ranked
WHERE key_pos > 1
