{{!-- The original table (written only by loaders and tests) and the two side tables analysts write to. --}}
{{#each schemas}}
CREATE SCHEMA IF NOT EXISTS {{this}};
{{/each}}

CREATE TABLE IF NOT EXISTS {{tables.original}} (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  user_id {{type "string"}},
  event_external_reference_id {{type "string"}},
  event_advisor_id {{type "string"}},
  event_data {{type "json"}},
  event_ingested_at {{type "timestamp"}}
){{dispatch "table_options" partition_by=(ident "event_created_at") cluster_by=(ident_list "event_name" "event_id")}};

{{!-- inserted_at has a default so hand-written INSERTs keep working; it drives targeted rebuilds. --}}
CREATE TABLE IF NOT EXISTS {{tables.exceptions}} (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  user_id {{type "string"}},
  event_external_reference_id {{type "string"}},
  event_advisor_id {{type "string"}},
  event_data {{type "json"}},
  event_ingested_at {{type "timestamp"}},
  exception_added_timestamp {{type "timestamp"}},
  exception_description {{type "string"}},
  is_event_update {{type "bool"}},
  operation_id {{type "string"}},
  inserted_at {{type "timestamp"}} DEFAULT {{now}}
){{dispatch "table_options" partition_by=(ident "event_created_at") cluster_by=(ident_list "event_name" "event_id")}};

CREATE TABLE IF NOT EXISTS {{tables.exclusions}} (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  exclusion_added_timestamp {{type "timestamp"}},
  exclusion_description {{type "string"}},
  operation_id {{type "string"}},
  inserted_at {{type "timestamp"}} DEFAULT {{now}}
){{dispatch "table_options" partition_by=(ident "event_created_at") cluster_by=(ident_list "event_name" "event_id")}};
