INSERT INTO {{tables.exceptions}}
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, exception_seq)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  {{json_from_text "event_data"}}, event_ingested_at, {{op_ts}}, {{description}}, is_event_update, {{operation_id}}, exception_seq
FROM {{staging}}
