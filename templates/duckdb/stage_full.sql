{{!-- Rows stored in day order: DuckDB's zone maps then skip every other day when a later run replaces a few. --}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
CREATE OR REPLACE TABLE {{stage_table}} AS
SELECT * FROM (
{{model_sql}}
) model_rows
ORDER BY {{ident partition_by}};
