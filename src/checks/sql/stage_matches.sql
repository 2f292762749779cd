{{!-- Every stage row equals the model computed afresh from original + exceptions − exclusions, and back. --}}
SELECT 'stale or extra in stage' AS problem, {{ident unique_key}} AS event_id FROM (
  SELECT * FROM {{stage_table}}
  {{dispatch "checks/except_distinct"}}
  SELECT * FROM ({{model_sql}}) expected_rows
) extra
UNION ALL
SELECT 'missing from stage' AS problem, {{ident unique_key}} AS event_id FROM (
  SELECT * FROM ({{model_sql}}) expected_rows
  {{dispatch "checks/except_distinct"}}
  SELECT * FROM {{stage_table}}
) missing
ORDER BY problem, event_id
LIMIT {{sample}}
