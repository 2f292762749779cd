{{!-- The floor of an import: a table of the exceptions' event columns that COPY … FROM STDIN fills. --}}
DROP TABLE IF EXISTS {{tables.framework_schema}}.bench_copy;
CREATE TABLE {{tables.framework_schema}}.bench_copy (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  user_id {{type "string"}},
  event_external_reference_id {{type "string"}},
  event_advisor_id {{type "string"}},
  event_data {{type "json"}},
  event_ingested_at {{type "timestamp"}}
);
