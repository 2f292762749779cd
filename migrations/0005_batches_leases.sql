{{!-- Checkpoints of operations done in day batches (resumable), and leases for targets without session locks. --}}
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.operation_batches (
  operation_id {{type "string"}},
  model {{type "string"}},
  batch_no {{type "int"}},
  first_day {{type "date"}},
  last_day {{type "date"}},
  high_water {{type "timestamp"}},
  status {{type "string"}},
  row_count {{type "int"}},
  finished_at {{type "timestamp"}}
);

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.leases (
  resource {{type "string"}},
  holder {{type "string"}},
  holder_info {{type "string"}},
  acquired_at {{type "timestamp"}},
  expires_at {{type "timestamp"}}
);
