{{!-- A full refresh in batches fills a table of its own; the stage table is swapped only when all are done. --}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
DROP TABLE IF EXISTS {{next_table}};
CREATE TABLE {{next_table}} AS
SELECT * FROM (
{{model_sql}}
) model_rows
WHERE FALSE;
