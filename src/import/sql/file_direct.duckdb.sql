{{!--
DuckDB reads the NDJSON file itself, in one pass, straight into the exceptions table: each line's eight event fields
(SPEC §2) are read as text (`x`) and as JSON (`y`, for their types), checked against the import rules in their
strictest form (`line_ok`: timestamps written as 2026-11-23T10:00:00[.123]Z, so read as UTC by a plain cast, and
valid; no repeated key; other fields are dropped, as the line-by-line reader drops them) and converted. A line not
taken as it is fails the statement (so the file's lines need no count of their own): the runner rolls the
transaction back and gives the whole file to the line-by-line reader, which explains rejects. A field's JSON type
is read off the first character of its JSON text (`"` a string, `{` an object; a JSON null arrives as SQL NULL), which costs no parse, and anchored
`regexp_matches` is used over `regexp_full_match`, which is twice as slow here. The rows' order in the table means nothing, so DuckDB is let
write them in parallel (measured: 2.9 s instead of 3.6 s for a million lines); a failed attempt may leave that
setting on for the session, which changes no result.

Most files are written by a program, line after line alike: the event's fields in the table's order, no space, no
escape, event_data flat. Such a line (`plain`) is recognised by one pattern over its text (`plain_line_pattern`, see
src/import/plain-line.ts) and a few checks of its values; every condition of the full check (`line_ok`'s other
branch, run only on the other lines) follows from it, so both take a plain line alike (measured: a million lines'
checks 0.58 s → 0.30 s).
--}}
SET preserve_insertion_order = false;
INSERT INTO {{tables.exceptions}}
  ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data,
  event_ingested_at, {{op_ts}}, {{description}}, is_event_update, {{operation_id}}
FROM (
  SELECT
    COALESCE(CASE WHEN plain THEN TRUE ELSE
      left(json_line, 1) = '{'
      AND line_bytes <= {{max_line_bytes}}
      {{!-- no repeated key: all keys known and distinct, else (rarer, and slow) every key distinct --}}
      AND CASE WHEN len(line_keys) = known_keys
        THEN TRUE ELSE len(line_keys) = len(list_distinct(line_keys)) END
      AND left(CAST(y.event_id AS VARCHAR), 1) = '"'
      AND length(x.event_id) BETWEEN 1 AND 256
      AND NOT regexp_matches(x.event_id, '[''"`\\;\x00-\x1f]')
      AND left(CAST(y.event_created_at AS VARCHAR), 1) = '"'
      AND regexp_matches(x.event_created_at, {{timestamp_pattern}})
      AND TRY_CAST(x.event_created_at AS TIMESTAMP) IS NOT NULL
      AND left(CAST(y.event_name AS VARCHAR), 1) = '"'
      AND length(x.event_name) BETWEEN 1 AND 256
      AND COALESCE(left(CAST(y.user_id AS VARCHAR), 1) = '"' AND COALESCE(length(x.user_id), 0) <= 10000, TRUE)
      AND COALESCE(left(CAST(y.event_external_reference_id AS VARCHAR), 1) = '"' AND COALESCE(length(x.event_external_reference_id), 0) <= 10000, TRUE)
      AND COALESCE(left(CAST(y.event_advisor_id AS VARCHAR), 1) = '"' AND COALESCE(length(x.event_advisor_id), 0) <= 10000, TRUE)
      AND COALESCE(left(CAST(y.event_data AS VARCHAR), 1) = '{', TRUE)
      {{!-- read alike by every target, or left to the line reader: no \u0000 or surrogate escape (U+0000, lone
           surrogates), no escaped control character (DuckDB writes \u001F where the line reader writes \u001f), no
           decimal with 16 or more digits (DuckDB keeps it as a double; integers it keeps exactly), no exponent (a
           double DuckDB writes otherwise: 9e-324 as 1e-323), no nesting deeper than every target takes, no key
           repeated in event_data (its own keys; where it holds objects, all key texts in it are compared) nor in a
           field the import drops (where the line has one, all key texts in the line are compared) --}}
      AND CASE WHEN contains(json_line, '\u') THEN NOT regexp_matches(json_line, '\\u(00[01][0-9a-fA-F]|[dD][89a-fA-F])') ELSE TRUE END
      {{!-- DuckDB's reader also takes what the line reader refuses: trailing commas and NaN / Infinity (any case).
           A line whose length is exactly that of its fields as DuckDB writes them back (all keys known, none null,
           no space; a field's text is never longer as written than as written back unless it holds a decimal, whose
           text has a '.') has no trailing comma; NaN and Infinity survive in event_data's text. Other lines have
           their strings blanked and are searched, for those, for a minus zero (-0, -0.0, -0e1), which DuckDB
           writes back otherwise than the line reader (0, -0.0), and for an exponent. --}}
      AND CASE WHEN NOT contains(CAST(y.event_data AS VARCHAR), '.') AND NOT COALESCE(regexp_matches(CAST(y.event_data AS VARCHAR), '[0-9][eE]'), FALSE)
          AND NOT contains(lower(CAST(y.event_data AS VARCHAR)), 'nan') AND NOT contains(lower(CAST(y.event_data AS VARCHAR)), 'inf')
          AND len(line_keys) = known_keys
          AND line_bytes = 1 + 4 * len(line_keys)
            + COALESCE(8 + strlen(CAST(y.event_id AS VARCHAR)), 0)
            + COALESCE(16 + strlen(CAST(y.event_created_at AS VARCHAR)), 0)
            + COALESCE(10 + strlen(CAST(y.event_name AS VARCHAR)), 0)
            + COALESCE(7 + strlen(CAST(y.user_id AS VARCHAR)), 0)
            + COALESCE(27 + strlen(CAST(y.event_external_reference_id AS VARCHAR)), 0)
            + COALESCE(16 + strlen(CAST(y.event_advisor_id AS VARCHAR)), 0)
            + COALESCE(10 + strlen(CAST(y.event_data AS VARCHAR)), 0)
            + COALESCE(17 + strlen(CAST(y.event_ingested_at AS VARCHAR)), 0)
        THEN TRUE
        ELSE NOT regexp_matches(regexp_replace(json_line, '"(?:[^"\\]|\\.)*"', '""', 'g'), ',[ \t\r\n]*[}\]]|(?i:nan|inf)|-0(\.0+)?([eE][-+]?[0-9]+)?[,}\] \t\r\n]|[0-9][eE]')
          AND NOT (contains(CAST(y.event_data AS VARCHAR), '.') AND regexp_matches(json_line, '[0-9][0-9.]{15}')) END
      AND CASE WHEN line_bytes <= {{max_depth}} * 2 THEN TRUE
          ELSE line_bytes - strlen(replace(replace(json_line, '{', ''), '[', '')) <= {{max_depth}} END
      {{!-- no key of event_data all digits: the line reader writes those first (JavaScript orders them so), DuckDB
           as written (an escaped quote before digits is taken for one too: only slower) --}}
      AND NOT COALESCE(regexp_matches(CAST(y.event_data AS VARCHAR), '"[0-9]+":'), FALSE)
      AND CASE WHEN y.event_data IS NULL THEN TRUE
          WHEN CAST(y.event_data AS VARCHAR) LIKE '{%{%'
          {{!-- every string token in turn (a value's too, so that none is misread as a key), the keys those with a ':' --}}
          THEN len(list_filter(regexp_extract_all(CAST(y.event_data AS VARCHAR), '"(?:[^"\\]|\\.)*":?'), lambda k: suffix(k, ':')))
            = list_unique(list_filter(regexp_extract_all(CAST(y.event_data AS VARCHAR), '"(?:[^"\\]|\\.)*":?'), lambda k: suffix(k, ':')))
          ELSE COALESCE(len(data_keys) = len(list_distinct(data_keys)), TRUE) END
      AND CASE WHEN len(line_keys) = known_keys THEN TRUE
          ELSE len(list_filter(regexp_extract_all(json(json_line), '"(?:[^"\\]|\\.)*":?'), lambda k: suffix(k, ':')))
            = list_unique(list_filter(regexp_extract_all(json(json_line), '"(?:[^"\\]|\\.)*":?'), lambda k: suffix(k, ':'))) END
      AND (y.event_ingested_at IS NULL
        OR (left(CAST(y.event_ingested_at AS VARCHAR), 1) = '"'
            AND regexp_matches(x.event_ingested_at, {{timestamp_pattern}})
            AND TRY_CAST(x.event_ingested_at AS TIMESTAMP) IS NOT NULL)) END,
      FALSE) AS line_ok,
    x.event_id,
    TRY_CAST(x.event_created_at AS TIMESTAMP) AS event_created_at,
    x.event_name,
    x.user_id,
    x.event_external_reference_id,
    x.event_advisor_id,
    CASE WHEN left(CAST(y.event_data AS VARCHAR), 1) = '{' THEN y.event_data END AS event_data,
    TRY_CAST(x.event_ingested_at AS TIMESTAMP) AS event_ingested_at,
    {{#if detect}}
    EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = x.event_id) AS is_event_update
    {{else}}
    {{is_update}} AS is_event_update
    {{/if}}
  FROM (
    SELECT *,
      {{!-- the line's keys, for the full check only --}}
      CASE WHEN plain THEN NULL ELSE json_keys(json_line) END AS line_keys
    FROM (
    SELECT *,
      COALESCE(line_bytes <= 10000
        AND regexp_matches(json_line, {{plain_line_pattern}})
        AND strlen(x.event_id) <= 256 AND strlen(x.event_name) <= 256
        AND TRY_CAST(x.event_created_at AS TIMESTAMP) IS NOT NULL
        AND (y.event_ingested_at IS NULL OR TRY_CAST(x.event_ingested_at AS TIMESTAMP) IS NOT NULL)
        AND (data_keys IS NULL OR len(data_keys) < 2 OR (len(data_keys) = 2 AND data_keys[1] <> data_keys[2]) OR list_unique(data_keys) = len(data_keys)),
        FALSE) AS plain
    FROM (
    SELECT
      json AS json_line,
      strlen(json) AS line_bytes,
      {{!-- event_data's keys from its own text, not by a path into the whole line again (measured: ~30% faster) --}}
      json_keys(y.event_data) AS data_keys,
      {{!-- how many of the event's own fields the line gives, not null --}}
      CAST(y.event_id IS NOT NULL AS INTEGER) + CAST(y.event_created_at IS NOT NULL AS INTEGER)
        + CAST(y.event_name IS NOT NULL AS INTEGER) + CAST(y.user_id IS NOT NULL AS INTEGER)
        + CAST(y.event_external_reference_id IS NOT NULL AS INTEGER) + CAST(y.event_advisor_id IS NOT NULL AS INTEGER)
        + CAST(y.event_data IS NOT NULL AS INTEGER) + CAST(y.event_ingested_at IS NOT NULL AS INTEGER) AS known_keys,
      json_transform(json, '{"event_id": "VARCHAR", "event_created_at": "VARCHAR", "event_name": "VARCHAR", "user_id": "VARCHAR", "event_external_reference_id": "VARCHAR", "event_advisor_id": "VARCHAR", "event_ingested_at": "VARCHAR"}') AS x,
      y
    FROM (
      SELECT json, json_transform(json, '{"event_id": "JSON", "event_created_at": "JSON", "event_name": "JSON", "user_id": "JSON", "event_external_reference_id": "JSON", "event_advisor_id": "JSON", "event_data": "JSON", "event_ingested_at": "JSON"}') AS y
      FROM read_ndjson_objects({{file}}{{#if gzip}}, compression = 'gzip'{{/if}})
    ) parsed_lines
    ) lines
    ) plain_lines
  ) keyed_lines
) checked_lines
WHERE CASE WHEN line_ok THEN TRUE ELSE error('backfill: a line is not taken as it is (the line reader reads the file)') END;
RESET preserve_insertion_order;
