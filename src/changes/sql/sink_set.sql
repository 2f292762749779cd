DELETE FROM {{tables.framework_schema}}.change_sinks WHERE sink = {{sink}};
INSERT INTO {{tables.framework_schema}}.change_sinks (sink, spec, status, error, updated_at)
VALUES ({{sink}}, {{spec}}, {{status}}, {{error}}, {{updated_at}});
