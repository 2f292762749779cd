{{!-- A payload value that does not parse becomes NULL instead of failing the whole rebuild (as TRY_CAST on DuckDB). --}}
SAFE_CAST({{expr}} AS {{sql_type}})
