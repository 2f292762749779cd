{{!-- `generate models` on BigQuery: scans are billed by the bytes of the partitions read, so only events created since `since` (the last days before the as-of date) are sampled: up to `limit` per name. --}}
SELECT event_name, {{json_text "event_data"}} AS event_data
FROM {{tables.original}}
WHERE event_created_at >= {{since}}
  {{#if event_names}}AND event_name IN {{list event_names}}{{/if}}
QUALIFY ROW_NUMBER() OVER (PARTITION BY event_name ORDER BY event_created_at DESC, event_id) <= {{limit}}
ORDER BY event_name
