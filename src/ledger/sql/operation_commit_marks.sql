{{!--
What a committed operation leaves besides its side-table rows: the record of an applied file or import, the
target a revert marked reverted, the rows a revert archived.
--}}
SELECT
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.applied_backfills WHERE operation_id = {{operation_id}}) AS applied_files,
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.operations WHERE reverted_by = {{operation_id}}) AS reverted_targets,
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.exceptions_archive WHERE archived_by = {{operation_id}}) AS archived_exceptions,
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.exclusions_archive WHERE archived_by = {{operation_id}}) AS archived_exclusions
