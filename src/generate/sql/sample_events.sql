{{!-- `generate models`: up to `limit` recent events of each name (of `event_names`, or of every name), their payloads as JSON text. `since` bounds the scan where scans are billed (see the .bigquery version); here the whole table is read once. --}}
SELECT event_name, {{json_text "event_data"}} AS event_data
FROM (
  SELECT event_name, event_data,
    ROW_NUMBER() OVER (PARTITION BY event_name ORDER BY event_created_at DESC, event_id) AS sample_rank
  FROM {{tables.original}}
  {{#if event_names}}WHERE event_name IN {{list event_names}}{{/if}}
) sampled
WHERE sample_rank <= {{limit}}
ORDER BY event_name, sample_rank
