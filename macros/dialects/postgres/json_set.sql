{{!-- jsonb_set creates only the last key of a path: a merge patch (migration 0003) sets nested paths like DuckDB. --}}
{{tables.framework_schema}}.jsonb_merge_patch(COALESCE({{expr}}, CAST('{}' AS jsonb)), {{patch}})
