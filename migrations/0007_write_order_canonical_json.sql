{{!--
SPEC §3's last tie-breaks. `exception_seq` orders exceptions written with equal timestamps in one transaction (the
later one wins): the framework writes each imported line's number; rows written by hand get the target's counter
where it has one (PostgreSQL identity, DuckDB sequence; BigQuery has none: NULL). Rows written before this
migration keep NULL (PostgreSQL numbers them in table order). `json_canonical` is rule 1's payload text, the same
on every target (keys sorted).
--}}
{{dispatch "exception_seq_column" seq=exceptions_seq seq_name=exceptions_seq_name}}
ALTER TABLE {{tables.framework_schema}}.exceptions_archive ADD COLUMN IF NOT EXISTS exception_seq {{type "int"}};
{{dispatch "json_canonical_functions"}}
