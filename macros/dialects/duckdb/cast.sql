{{!-- A payload value that does not parse becomes NULL instead of failing the whole rebuild. --}}
TRY_CAST({{expr}} AS {{sql_type}})
