{{!-- Whoever asked first holds the lease; the others withdraw and wait. --}}
SELECT holder, holder_info, acquired_at
FROM {{tables.framework_schema}}.leases
WHERE resource = {{resource}} AND expires_at >= {{at_time}}
ORDER BY acquired_at, holder
