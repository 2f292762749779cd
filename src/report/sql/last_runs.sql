{{!-- Each model's last run: its watermark row and the ledger entry of the run that wrote it. --}}
SELECT w.model, w.last_run_at, w.operation_id, o.status, o.started_at, o.finished_at
FROM {{tables.framework_schema}}.model_watermarks w
LEFT JOIN {{tables.framework_schema}}.operations o ON o.operation_id = w.operation_id
ORDER BY w.model
