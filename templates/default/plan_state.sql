{{!--
A model's planning state in one query: how far the side tables have been written (the model's watermark after a
successful run), the watermark on record (`has_watermark` 0: none, so a full rebuild), whether anything was written
since, and how many side-table rows a revert took away between the two (a cheap look at the small archive tables).
--}}
WITH side_writes AS (
  SELECT MAX(inserted_at) AS written_at FROM {{tables.exceptions}}
  UNION ALL
  SELECT MAX(inserted_at) AS written_at FROM {{tables.exclusions}}
  UNION ALL
  SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exceptions_archive
  UNION ALL
  SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exclusions_archive
),
high AS (
  SELECT MAX(written_at) AS high_water FROM side_writes
),
mark AS (
  SELECT watermark FROM {{tables.framework_schema}}.model_watermarks WHERE model = {{model}}
),
since AS (
  SELECT COALESCE(MAX(watermark), {{epoch}}) AS since FROM mark
)
SELECT
  (SELECT high_water FROM high) AS high_water,
  (SELECT COUNT(*) FROM mark) AS has_watermark,
  (SELECT MAX(watermark) FROM mark) AS watermark,
  {{!-- 1 when a side-table row was written (or reverted) since the watermark: else no day is touched. --}}
  CASE WHEN (SELECT high_water FROM high) > (SELECT since FROM since) THEN 1 ELSE 0 END AS written_since,
  (SELECT COUNT(*) FROM (
    SELECT event_id FROM {{tables.framework_schema}}.exceptions_archive
    WHERE archived_at > (SELECT since FROM since) AND archived_at <= (SELECT high_water FROM high)
    UNION ALL
    SELECT event_id FROM {{tables.framework_schema}}.exclusions_archive
    WHERE archived_at > (SELECT since FROM since) AND archived_at <= (SELECT high_water FROM high)
  ) reverted_rows) AS reverted
