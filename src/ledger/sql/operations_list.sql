{{!-- The ledger, newest first, filtered by status, macro and start date when given. --}}
SELECT operation_id, command, macro, args, status, started_at, finished_at, run_by, rows_written, reverted_by, host, pid, process_started
FROM {{tables.framework_schema}}.operations
WHERE TRUE
{{#if status}}
  AND status = {{status}}
{{/if}}
{{#if macro}}
  AND macro = {{macro}}
{{/if}}
{{#if since}}
  AND started_at >= {{since}}
{{/if}}
{{#if until}}
  AND started_at < {{until}}
{{/if}}
ORDER BY started_at DESC
LIMIT {{limit}}
