{{!-- Every current row of a stage table as an UPDATE, for a new consumer. --}}
INSERT INTO {{tables.framework_schema}}.change_outbox (sink, ts, doc_type, doc_id, op, value, operation_id, delivered_at)
SELECT {{sink}}, {{ts}}, {{doc_type}}, CAST(a.{{ident unique_key}} AS {{type "string"}}), 'UPDATE', {{dispatch "row_json" cols=column_names alias="a"}}, {{operation_id}}, NULL
FROM {{stage_table}} a
