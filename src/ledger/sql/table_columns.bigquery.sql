{{!-- A table's columns and their types as BigQuery names them (the dataset's INFORMATION_SCHEMA), in table order. --}}
SELECT column_name, data_type
FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS
WHERE table_name = {{name}}
ORDER BY ordinal_position
