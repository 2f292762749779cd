{{!--
Who holds a running ledger entry: the host and process id that started it and that process's start time (PID
reuse), so a `running` entry whose process is gone can be told from a live one. NULL for rows written by hand or
by older versions.
--}}
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS host {{type "string"}};
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS pid {{type "int"}};
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS process_started {{type "string"}};
