{{!-- DuckDB has no json_set: an RFC 7396 merge patch holding every path sets them all, creating missing keys. --}}
json_merge_patch(COALESCE({{expr}}, CAST('{}' AS JSON)), {{patch}})
