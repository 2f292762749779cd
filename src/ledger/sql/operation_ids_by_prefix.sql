{{!-- Ledger ids starting with a prefix (hex digits and dashes only: no LIKE wildcard reaches here), newest first. --}}
SELECT operation_id
FROM {{tables.framework_schema}}.operations
WHERE operation_id LIKE {{pattern}}
ORDER BY started_at DESC
LIMIT 11
