{{!-- Benchmark data (DuckDB only): N events over `span_us` microseconds, four names, deterministic (hash of the row number), stored in arrival order as a stream appends them. --}}
INSERT INTO {{tables.original}}
SELECT
  'e' || CAST(i AS VARCHAR) AS event_id,
  {{start}} + to_microseconds(CAST(hash(i, 1) % {{span_us}} AS BIGINT)) AS event_created_at,
  ['CardWasShipped', 'PaymentCompleted', 'UserSignedUp', 'CardActivated'][CAST(hash(i, 2) % 4 AS INTEGER) + 1] AS event_name,
  'user-' || CAST(hash(i, 3) % 100000 AS VARCHAR) AS user_id,
  'ref-' || CAST(hash(i, 4) % 1000000000 AS VARCHAR) AS event_external_reference_id,
  NULL AS event_advisor_id,
  json_object('Status', CASE WHEN hash(i, 5) % 10 = 0 THEN 'Pending' ELSE 'Shipped' END,
              'Carrier', ['DHL', 'UPS', 'PostNL', 'DPD'][CAST(hash(i, 6) % 4 AS INTEGER) + 1],
              'Amount', CAST(hash(i, 7) % 100000 AS DOUBLE) / 100) AS event_data,
  {{start}} + to_microseconds(CAST(hash(i, 1) % {{span_us}} AS BIGINT) + 5000000) AS event_ingested_at
FROM range({{rows}}) AS t(i)
ORDER BY event_created_at;
{{!-- 1% duplicated deliveries, ingested later. --}}
INSERT INTO {{tables.original}}
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at + INTERVAL 1 MINUTE
FROM {{tables.original}}
WHERE hash(event_id, 10) % 100 = 0;
{{!-- 1% exceptions and 0.5% exclusions, written earlier than the benchmark runs. --}}
INSERT INTO {{tables.exceptions}} (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update, operation_id)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  json_merge_patch(event_data, CAST('{"Status":"Fixed"}' AS JSON)), event_ingested_at, {{written_at}}, 'bench', TRUE, 'bench-setup'
FROM {{tables.original}}
WHERE hash(event_id, 11) % 100 = 0 AND hash(event_ingested_at) % 2 = 0;
INSERT INTO {{tables.exclusions}} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
SELECT DISTINCT event_id, event_created_at, event_name, {{written_at}}, 'bench', 'bench-setup'
FROM {{tables.original}}
WHERE hash(event_id, 12) % 200 = 0;
