{{!--
Whether an import's rows repeat an id (their order must then come from line numbers). Distinct 64-bit hashes count
faster than distinct texts; a hash collision can only report a repeat that is not there, which sends the file to the
line reader (slower, same result), never the other way.
--}}
SELECT COUNT(*) - COUNT(DISTINCT hash(event_id)) AS repeated FROM {{tables.exceptions}} WHERE operation_id = {{operation_id}}
