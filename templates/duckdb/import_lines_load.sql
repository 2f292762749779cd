{{!--
DuckDB reads the NDJSON file itself (one JSON object per line; blank lines skipped) and parses each line once:
`v` holds the eight event fields in column order (SPEC §2), `k` the line's keys.
--}}
CREATE OR REPLACE TABLE {{lines}} AS
SELECT
  strlen(json) AS line_bytes,
  json_type(json) AS line_type,
  json_keys(json) AS k,
  json_extract(json, ['$.event_id', '$.event_created_at', '$.event_name', '$.user_id', '$.event_external_reference_id', '$.event_advisor_id', '$.event_data', '$.event_ingested_at']) AS v
FROM read_ndjson_objects({{file}}{{#if gzip}}, compression = 'gzip'{{/if}})
