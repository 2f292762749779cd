{{!-- The report's ledger: the newest entries with the SQL each ran. --}}
SELECT operation_id, command, macro, args, status, started_at, finished_at, run_by, rows_written, sql_text
FROM {{tables.framework_schema}}.operations
ORDER BY started_at DESC, operation_id DESC
LIMIT {{limit}}
