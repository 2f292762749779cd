{{!-- Stage keys must be unique. --}}
SELECT {{ident unique_key}} AS event_id, COUNT(*) AS copies
FROM {{stage_table}}
GROUP BY {{ident unique_key}}
HAVING COUNT(*) > 1
ORDER BY copies DESC, event_id
LIMIT {{sample}}
