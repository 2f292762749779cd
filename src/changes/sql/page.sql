{{!-- One page of a group's undelivered changes, by key (keyset paging: each page starts after the last). --}}
SELECT doc_id, op, value
FROM {{tables.framework_schema}}.change_outbox
WHERE sink = {{sink}} AND delivered_at IS NULL AND ts = {{ts}} AND doc_type = {{doc_type}}
{{#if after}}
  AND doc_id > {{after}}
{{/if}}
ORDER BY doc_id
LIMIT {{limit}}
