{{!--
No CREATE OR REPLACE TABLE here: drop and create inside the run's transaction (DDL is transactional). Then the
indexes a rebuild of days deletes by (its days, the keys it rebuilt: PostgreSQL has no partitions to prune).
For the rest of the run's transaction only (SET LOCAL): memory enough to hash every id of the event name once
(effective_events' repeated_ids) instead of spilling it to disk, and no JIT compilation, which costs more than it
saves on a single pass like this one.
--}}
SET LOCAL work_mem = '128MB';
SET LOCAL jit = off;
CREATE SCHEMA IF NOT EXISTS {{tables.stage_schema}};
DROP TABLE IF EXISTS {{stage_table}};
CREATE TABLE {{stage_table}} AS
{{model_sql}};
{{dispatch "rebuild/stage_indexes" stage_table=stage_table partition_by=partition_by unique_key=unique_key day_index=day_index}}
