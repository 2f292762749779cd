SELECT operation_id, command, macro, args, target, run_by, status, started_at, finished_at, sql_hash, rows_written, error, git_commit, sql_text, reverted_by, host, pid, process_started
FROM {{tables.framework_schema}}.operations
WHERE operation_id = {{operation_id}}
