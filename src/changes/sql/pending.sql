{{!-- Undelivered changes of one sink, one group per rebuild and model, oldest first. --}}
SELECT ts, doc_type, COUNT(*) AS changes
FROM {{tables.framework_schema}}.change_outbox
WHERE sink = {{sink}} AND delivered_at IS NULL
GROUP BY ts, doc_type
ORDER BY ts, doc_type
