DELETE FROM {{tables.framework_schema}}.leases WHERE resource = {{resource}} AND holder = {{holder}}
