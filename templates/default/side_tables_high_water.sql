{{!-- How far the side tables have been written: a model's watermark after a successful run. --}}
SELECT MAX(written_at) AS high_water
FROM (
  SELECT MAX(inserted_at) AS written_at FROM {{tables.exceptions}}
  UNION ALL
  SELECT MAX(inserted_at) AS written_at FROM {{tables.exclusions}}
  UNION ALL
  SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exceptions_archive
  UNION ALL
  SELECT MAX(archived_at) AS written_at FROM {{tables.framework_schema}}.exclusions_archive
) side_writes
