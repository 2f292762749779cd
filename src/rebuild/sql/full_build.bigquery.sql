{{!-- One atomic statement: readers see the old table or the new one. --}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
CREATE OR REPLACE TABLE {{stage_table}}
PARTITION BY DATE({{ident partition_by}})
CLUSTER BY {{ident unique_key}}
AS
{{model_sql}};
