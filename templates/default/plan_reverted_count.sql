{{!-- Side-table rows a revert took away since the watermark (a cheap look at the small archive tables). --}}
SELECT COUNT(*) AS reverted FROM (
  SELECT event_id FROM {{tables.framework_schema}}.exceptions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
  UNION ALL
  SELECT event_id FROM {{tables.framework_schema}}.exclusions_archive
  WHERE archived_at > {{since}} AND archived_at <= {{upto}}
) reverted_rows
