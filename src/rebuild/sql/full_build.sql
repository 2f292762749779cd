CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
CREATE OR REPLACE TABLE {{stage_table}} AS
{{model_sql}};
