{{!-- Rows per day and source for the report: original, exceptions, exclusions, each stage table as it is
      (stage_before), each model computed afresh, what the next run leaves (stage_after), and the stage rows the
      next run removes (in the stage table, not in the model's result) and adds (the other way round). --}}
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
  SELECT CAST({{ident partition_by}} AS DATE) AS day_at, 'stage_before' AS source FROM {{stage_table}}
  WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
  UNION ALL
  SELECT CAST({{ident partition_by}} AS DATE) AS day_at, 'stage_removed' AS source FROM (
    SELECT * FROM {{stage_table}} WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
    {{dispatch "checks/except_distinct"}}
    SELECT * FROM ({{model_sql}}) expected_rows WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
  ) removed
  UNION ALL
  SELECT CAST({{ident partition_by}} AS DATE) AS day_at, 'stage_added' AS source FROM (
    SELECT * FROM ({{model_sql}}) expected_rows WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
    {{dispatch "checks/except_distinct"}}
    SELECT * FROM {{stage_table}} WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
  ) added
  {{/each}}
  {{#each models}}
  UNION ALL
  SELECT CAST({{ident partition_by}} AS DATE) AS day_at, 'stage_after' AS source FROM ({{model_sql}}) expected_rows
  WHERE {{ident partition_by}} >= {{../from}} AND {{ident partition_by}} < {{../to}}
  {{/each}}
) counted
GROUP BY day_at, source
ORDER BY day, source
