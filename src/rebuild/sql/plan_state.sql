{{!--
A model's planning state in one query: how far the side tables have been written (the model's watermark after a
successful run), the watermark on record (`has_watermark` 0: none, so a full rebuild), whether anything was written
since, and how many side-table rows a revert took away between the two (a cheap look at the small archive tables).
Each part is a one-row CTE read once in the outer query (the reverts' count joins them: no correlated subquery,
which DuckDB plans slowly and BigQuery would evaluate per row).
--}}
WITH high AS (
  SELECT MAX(written_at) AS high_water FROM (
    SELECT MAX(inserted_at) AS written_at FROM {{tables.exceptions}}
    UNION ALL
    SELECT MAX(inserted_at) AS written_at FROM {{tables.exclusions}}
    UNION ALL
    SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exceptions_archive
    UNION ALL
    SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exclusions_archive
  ) side_writes
),
mark AS (
  SELECT COUNT(*) AS has_watermark, MAX(watermark) AS watermark, COALESCE(MAX(watermark), {{epoch}}) AS since
  FROM {{tables.framework_schema}}.model_watermarks WHERE model = {{model}}
),
archived AS (
  SELECT archived_at FROM {{tables.framework_schema}}.exceptions_archive
  UNION ALL
  SELECT archived_at FROM {{tables.framework_schema}}.exclusions_archive
)
SELECT
  high.high_water,
  mark.has_watermark,
  mark.watermark,
  {{!-- 1 when a side-table row was written (or reverted) since the watermark: else no day is touched. --}}
  CASE WHEN high.high_water > mark.since THEN 1 ELSE 0 END AS written_since,
  (SELECT COUNT(*) FROM archived, mark, high WHERE archived.archived_at > mark.since AND archived.archived_at <= high.high_water) AS reverted
FROM high CROSS JOIN mark
