{{!-- See canonical_json.sql; compared in byte order, whatever the database collation. --}}
({{tables.framework_schema}}.json_canonical({{expr}}) COLLATE "C")
