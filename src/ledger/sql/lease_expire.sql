DELETE FROM {{tables.framework_schema}}.leases WHERE resource = {{resource}} AND expires_at < {{at_time}}
