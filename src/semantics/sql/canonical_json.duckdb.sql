{{!-- See canonical_json.sql (the macro is created by migration 0007). --}}
{{tables.framework_schema}}.json_canonical({{expr}})
