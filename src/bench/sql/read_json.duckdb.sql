CREATE OR REPLACE TABLE {{tables.framework_schema}}.bench_read_json AS
SELECT * FROM read_json({{file}}, format = 'newline_delimited')
