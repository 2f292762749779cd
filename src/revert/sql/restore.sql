{{!--
Undo a revert: the rows it archived go back to the side tables with their original action timestamps (so the
latest-action rule orders them as before, exception_seq too); inserted_at is new, so the next run sees their days.
--}}
INSERT INTO {{tables.exceptions}}
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, exception_seq)
SELECT {{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, exception_seq
FROM {{tables.framework_schema}}.exceptions_archive
WHERE archived_by = {{revert_id}};
INSERT INTO {{tables.exclusions}}
  (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
SELECT event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id
FROM {{tables.framework_schema}}.exclusions_archive
WHERE archived_by = {{revert_id}};
DELETE FROM {{tables.framework_schema}}.exceptions_archive WHERE archived_by = {{revert_id}};
DELETE FROM {{tables.framework_schema}}.exclusions_archive WHERE archived_by = {{revert_id}};
