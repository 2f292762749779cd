{{!--
DuckDB reads the NDJSON file itself, in one pass: each line's eight event fields (SPEC §2) are read as text (`x`)
and as JSON (`y`, for their types), checked against the import rules in their strictest form (`line_ok`:
timestamps written as 2026-11-23T10:00:00[.123]Z, no repeated key; other fields are dropped, as the line-by-line
reader drops them) and converted into a temporary staging table. When any line is not `line_ok`, valid or not, the
whole file goes through the line-by-line reader instead, which explains rejects.
--}}
CREATE OR REPLACE TEMP TABLE {{staging}} AS
SELECT
  COALESCE(
    line_type = 'OBJECT'
    AND line_bytes <= {{max_line_bytes}}
    AND len(k) = len(list_distinct(k))
    AND json_type(y.event_id) = 'VARCHAR'
    AND regexp_full_match(x.event_id, '[^''"`\\;\x00-\x1f]{1,256}')
    AND json_type(y.event_created_at) = 'VARCHAR'
    AND regexp_full_match(x.event_created_at, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z')
    AND TRY_CAST(x.event_created_at AS TIMESTAMPTZ) IS NOT NULL
    AND json_type(y.event_name) = 'VARCHAR'
    AND length(x.event_name) BETWEEN 1 AND 256
    AND COALESCE(json_type(y.user_id) IN ('NULL', 'VARCHAR') AND COALESCE(length(x.user_id), 0) <= 10000, TRUE)
    AND COALESCE(json_type(y.event_external_reference_id) IN ('NULL', 'VARCHAR') AND COALESCE(length(x.event_external_reference_id), 0) <= 10000, TRUE)
    AND COALESCE(json_type(y.event_advisor_id) IN ('NULL', 'VARCHAR') AND COALESCE(length(x.event_advisor_id), 0) <= 10000, TRUE)
    AND COALESCE(json_type(y.event_data) IN ('NULL', 'OBJECT'), TRUE)
    AND COALESCE(json_type(y.event_ingested_at) = 'NULL'
      OR (json_type(y.event_ingested_at) = 'VARCHAR'
          AND regexp_full_match(x.event_ingested_at, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z')
          AND TRY_CAST(x.event_ingested_at AS TIMESTAMPTZ) IS NOT NULL), TRUE),
    FALSE) AS line_ok,
  x.event_id,
  CAST(TRY_CAST(x.event_created_at AS TIMESTAMPTZ) AS TIMESTAMP) AS event_created_at,
  x.event_name,
  x.user_id,
  x.event_external_reference_id,
  x.event_advisor_id,
  CASE WHEN json_type(y.event_data) = 'OBJECT' THEN CAST(y.event_data AS VARCHAR) END AS event_data,
  CAST(TRY_CAST(x.event_ingested_at AS TIMESTAMPTZ) AS TIMESTAMP) AS event_ingested_at,
  {{#if detect}}
  EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = x.event_id) AS is_event_update
  {{else}}
  {{is_update}} AS is_event_update
  {{/if}}
FROM (
  SELECT
    strlen(json) AS line_bytes,
    json_type(json) AS line_type,
    json_keys(json) AS k,
    json_transform(json, '{"event_id": "VARCHAR", "event_created_at": "VARCHAR", "event_name": "VARCHAR", "user_id": "VARCHAR", "event_external_reference_id": "VARCHAR", "event_advisor_id": "VARCHAR", "event_ingested_at": "VARCHAR"}') AS x,
    json_transform(json, '{"event_id": "JSON", "event_created_at": "JSON", "event_name": "JSON", "user_id": "JSON", "event_external_reference_id": "JSON", "event_advisor_id": "JSON", "event_data": "JSON", "event_ingested_at": "JSON"}') AS y
  FROM read_ndjson_objects({{file}}{{#if gzip}}, compression = 'gzip'{{/if}})
) lines
