{{!-- How many of an import's rows repeat an id another of its rows has (their order must come from line numbers). --}}
SELECT COUNT(*) - COUNT(DISTINCT event_id) AS repeated FROM {{tables.exceptions}} WHERE operation_id = {{operation_id}}
