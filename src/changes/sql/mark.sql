UPDATE {{tables.framework_schema}}.change_outbox
SET delivered_at = {{delivered_at}}
WHERE sink = {{sink}} AND delivered_at IS NULL AND ts = {{ts}} AND doc_type = {{doc_type}}
{{#if after}}
  AND doc_id > {{after}}
{{/if}}
  AND doc_id <= {{last}}
