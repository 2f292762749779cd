INSERT INTO {{tables.framework_schema}}.leases (resource, holder, holder_info, acquired_at, expires_at)
VALUES ({{resource}}, {{holder}}, {{holder_info}}, {{at_time}}, {{expires_at}})
