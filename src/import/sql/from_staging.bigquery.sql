{{!-- BigQuery has no CAST from STRING to JSON: the staged JSON text is parsed (as query parameters are, PARSE_JSON). --}}
INSERT INTO {{tables.exceptions}}
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, exception_seq)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  PARSE_JSON(event_data), event_ingested_at, {{op_ts}}, {{description}}, is_event_update, {{operation_id}}, exception_seq
FROM {{staging}}
