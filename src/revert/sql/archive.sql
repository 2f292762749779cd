{{!-- Move an operation's rows from the side tables into the archive (same transaction: nothing lost, nothing doubled). --}}
INSERT INTO {{tables.framework_schema}}.exceptions_archive
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, inserted_at, exception_seq, archived_by)
SELECT {{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, inserted_at, exception_seq, {{revert_id}}
FROM {{tables.exceptions}}
WHERE operation_id = {{operation_id}};
INSERT INTO {{tables.framework_schema}}.exclusions_archive
  (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id, inserted_at, archived_by)
SELECT event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id, inserted_at, {{revert_id}}
FROM {{tables.exclusions}}
WHERE operation_id = {{operation_id}};
DELETE FROM {{tables.exceptions}} WHERE operation_id = {{operation_id}};
DELETE FROM {{tables.exclusions}} WHERE operation_id = {{operation_id}};
