{{!-- The floor of a full rebuild: the model's projection straight over the original, no semantics. --}}
CREATE OR REPLACE TABLE {{tables.stage_schema}}.bench_floor AS
{{model_sql}}
