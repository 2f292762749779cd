{{!-- A copy, not a rename: one atomic CREATE OR REPLACE; the batch table is dropped afterwards. --}}
CREATE OR REPLACE TABLE {{stage_table}}
PARTITION BY DATE({{ident partition_by}})
CLUSTER BY {{ident unique_key}}
AS
SELECT * FROM {{next_table}};
DROP TABLE IF EXISTS {{next_table}};
