{{!--
No CREATE OR REPLACE TABLE here: drop and create inside the run's transaction (DDL is transactional). Then the
indexes a rebuild of days deletes by (its days, the keys it rebuilt: PostgreSQL has no partitions to prune).
--}}
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
DROP TABLE IF EXISTS {{stage_table}};
CREATE TABLE {{stage_table}} AS
{{model_sql}};
{{dispatch "rebuild/stage_indexes" stage_table=stage_table partition_by=partition_by unique_key=unique_key day_index=day_index}}
