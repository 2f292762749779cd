{{!-- No CREATE OR REPLACE TABLE here: drop and create inside the run's transaction (DDL is transactional). --}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
DROP TABLE IF EXISTS {{stage_table}};
CREATE TABLE {{stage_table}} AS
{{model_sql}};
