{{!-- Demo summary of one stage table: rows, distinct ids, repeated business keys, rows per status. --}}
SELECT
  COUNT(*) AS row_count,
  COUNT(DISTINCT event_id) AS distinct_ids,
  COUNT({{ident business_key}}) - COUNT(DISTINCT {{ident business_key}}) AS repeated_business_keys,
  SUM(CASE WHEN status = 'Failed' THEN 1 ELSE 0 END) AS failed
FROM {{stage_table}}
