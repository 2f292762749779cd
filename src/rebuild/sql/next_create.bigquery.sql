CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
CREATE OR REPLACE TABLE {{next_table}}
PARTITION BY DATE({{ident partition_by}})
CLUSTER BY {{ident unique_key}}
AS
SELECT * FROM (
{{model_sql}}
) model_rows
WHERE FALSE;
