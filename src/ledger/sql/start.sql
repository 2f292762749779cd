INSERT INTO {{tables.framework_schema}}.operations
  (operation_id, command, macro, args, target, run_by, status, started_at, sql_hash, git_commit, sql_text, host, pid, process_started, keeps_event_days)
VALUES
  ({{operation_id}}, {{command}}, {{macro}}, {{args}}, {{target}}, {{run_by}}, 'running', {{started_at}}, {{sql_hash}}, {{git_commit}}, {{sql_text}}, {{host}}, {{pid}}, {{process_started}}, {{keeps_event_days}})
