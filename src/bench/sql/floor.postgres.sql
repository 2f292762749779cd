{{!-- The floor of a full rebuild: the model's projection straight over the original, no semantics. --}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
DROP TABLE IF EXISTS {{tables.stage_schema}}.bench_floor;
CREATE TABLE {{tables.stage_schema}}.bench_floor AS
{{model_sql}};
