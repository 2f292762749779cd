{{!--
Lines DuckDB can take as they are: the import rules (SPEC §2) checked in SQL, in their strictest form (timestamps
written as 2026-11-23T10:00:00[.123]Z, no duplicate keys; other fields are dropped, as the reader drops them).
Any other line, valid or not, sends the whole file through the line-by-line reader, which explains rejects. v[1..8]: event_id, event_created_at,
event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at.
--}}
SELECT COUNT(*) AS total_lines,
  COUNT(*) FILTER (WHERE NOT COALESCE(
    line_type = 'OBJECT'
    AND line_bytes <= {{max_line_bytes}}
    AND len(k) = len(list_distinct(k))
    AND json_type(v[1]) = 'VARCHAR'
    AND regexp_full_match((v[1] ->> '$'), '[^''"`\\;\x00-\x1f]{1,256}')
    AND json_type(v[2]) = 'VARCHAR'
    AND regexp_full_match((v[2] ->> '$'), '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z')
    AND TRY_CAST((v[2] ->> '$') AS TIMESTAMPTZ) IS NOT NULL
    AND json_type(v[3]) = 'VARCHAR'
    AND length((v[3] ->> '$')) BETWEEN 1 AND 256
    AND COALESCE(json_type(v[4]) IN ('NULL', 'VARCHAR') AND COALESCE(length((v[4] ->> '$')), 0) <= 10000, TRUE)
    AND COALESCE(json_type(v[5]) IN ('NULL', 'VARCHAR') AND COALESCE(length((v[5] ->> '$')), 0) <= 10000, TRUE)
    AND COALESCE(json_type(v[6]) IN ('NULL', 'VARCHAR') AND COALESCE(length((v[6] ->> '$')), 0) <= 10000, TRUE)
    AND COALESCE(json_type(v[7]) IN ('NULL', 'OBJECT'), TRUE)
    AND COALESCE(json_type(v[8]) = 'NULL'
      OR (regexp_full_match((v[8] ->> '$'), '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z')
          AND TRY_CAST((v[8] ->> '$') AS TIMESTAMPTZ) IS NOT NULL), TRUE),
    FALSE)) AS doubtful
FROM {{lines}}
