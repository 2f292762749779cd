{{!-- One batch of imported events, written as exceptions of the import operation (exception_seq: the line's order). --}}
INSERT INTO {{tables.exceptions}}
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id, exception_seq)
VALUES
{{#each rows}}
  {{#unless @first}},{{/unless}}({{event_id}}, {{event_created_at}}, {{event_name}}, {{user_id}}, {{event_external_reference_id}}, {{event_advisor_id}}, {{event_data}}, {{event_ingested_at}}, {{../op_ts}}, {{../description}}, {{is_event_update}}, {{../operation_id}}, {{exception_seq}})
{{/each}}
