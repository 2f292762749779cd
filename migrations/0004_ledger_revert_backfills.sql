{{!-- The ledger records the SQL it ran and the project's commit; reverted rows are archived, not lost; applied
backfill files are recorded with their checksum. --}}
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS git_commit {{type "string"}};
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS sql_text {{type "string"}};
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS reverted_by {{type "string"}};

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.exceptions_archive (
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
  inserted_at {{type "timestamp"}},
  archived_by {{type "string"}},
  archived_at {{type "timestamp"}} DEFAULT {{now}}
);

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.exclusions_archive (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  exclusion_added_timestamp {{type "timestamp"}},
  exclusion_description {{type "string"}},
  operation_id {{type "string"}},
  inserted_at {{type "timestamp"}},
  archived_by {{type "string"}},
  archived_at {{type "timestamp"}} DEFAULT {{now}}
);

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.applied_backfills (
  backfill_name {{type "string"}},
  checksum {{type "string"}},
  operation_id {{type "string"}},
  applied_at {{type "timestamp"}}
);
