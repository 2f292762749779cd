{{!-- Rows per day and source, for the report's chart: original, exceptions, exclusions and each stage table. --}}
SELECT CAST(day_at AS {{type "string"}}) AS day, source, COUNT(*) AS row_count
FROM (
  SELECT CAST(event_created_at AS DATE) AS day_at, 'original' AS source FROM {{tables.original}}
  WHERE event_created_at >= {{from}} AND event_created_at < {{to}}
  UNION ALL
  SELECT CAST(event_created_at AS DATE) AS day_at, 'exceptions' AS source FROM {{tables.exceptions}}
  WHERE event_created_at >= {{from}} AND event_created_at < {{to}}
  UNION ALL
  SELECT CAST(event_created_at AS DATE) AS day_at, 'exclusions' AS source FROM {{tables.exclusions}}
  WHERE event_created_at >= {{from}} AND event_created_at < {{to}}
  {{#each stages}}
  UNION ALL
  SELECT CAST({{ident partition_by}} AS DATE) AS day_at, 'stage' AS source FROM {{stage_table}}
  WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
  {{/each}}
) counted
GROUP BY day_at, source
ORDER BY day, source
