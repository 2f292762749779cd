{{!-- A work table that expires by itself if the process dies before dropping it. --}}
CREATE OR REPLACE TABLE {{work_table}}
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY))
AS
{{model_sql}};
