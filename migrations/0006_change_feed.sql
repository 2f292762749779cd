{{!--
The change feed: sinks and their status, and an outbox of changes written in the same transaction as the stage
rebuild that made them (nothing is lost when a sink is down or paused: rows wait until they are delivered).
--}}
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.change_sinks (
  sink {{type "string"}},
  spec {{type "string"}},
  status {{type "string"}},
  error {{type "string"}},
  updated_at {{type "timestamp"}}
);

CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.change_outbox (
  sink {{type "string"}},
  ts {{type "int"}},
  doc_type {{type "string"}},
  doc_id {{type "string"}},
  op {{type "string"}},
  value {{type "string"}},
  operation_id {{type "string"}},
  delivered_at {{type "timestamp"}}
);
