{{!-- Loader for the original table (demo and tests only: the framework never writes the original). --}}
INSERT INTO {{tables.original}} ({{columns}})
VALUES
{{#each rows}}
  {{#unless @first}},{{/unless}}({{event_id}}, {{event_created_at}}, {{event_name}}, {{user_id}}, {{event_external_reference_id}}, {{event_advisor_id}}, {{event_data}}, {{event_ingested_at}})
{{/each}}
