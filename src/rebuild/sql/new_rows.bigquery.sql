{{!--
A work table that expires by itself if the process dies before dropping it; partitioned as the stage table is, so
that the moved-key delete of a targeted run reads the keys of the window's rows only (rebuild/replace_days).
--}}
CREATE OR REPLACE TABLE {{work_table}}
PARTITION BY DATE({{ident partition_by}})
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY))
AS
{{model_sql}};
