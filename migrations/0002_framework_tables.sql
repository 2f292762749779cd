{{!-- The ledger of operations and the per-model watermarks that decide targeted rebuilds. --}}
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.operations (
  operation_id {{type "string"}},
  command {{type "string"}},
  macro {{type "string"}},
  args {{type "json"}},
  target {{type "string"}},
  run_by {{type "string"}},
  status {{type "string"}},
  started_at {{type "timestamp"}},
  finished_at {{type "timestamp"}},
  sql_hash {{type "string"}},
  rows_written {{type "json"}},
  error {{type "string"}}
);

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.model_watermarks (
  model {{type "string"}},
  watermark {{type "timestamp"}},
  last_run_at {{type "timestamp"}},
  operation_id {{type "string"}}
);
