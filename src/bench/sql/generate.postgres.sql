{{!-- Benchmark data (PostgreSQL): the events of generate.duckdb.sql, from PostgreSQL's own hash (hashint8extended), then ANALYZE, as autovacuum does after a bulk load. --}}
INSERT INTO {{tables.original}}
SELECT
  'e' || i::text AS event_id,
  {{start}} + (abs(hashint8extended(i, 1)) % {{span_us}}) * INTERVAL '1 microsecond' AS event_created_at,
  (ARRAY['CardWasShipped', 'PaymentCompleted', 'UserSignedUp', 'CardActivated'])[abs(hashint8extended(i, 2)) % 4 + 1] AS event_name,
  'user-' || (abs(hashint8extended(i, 3)) % 100000)::text AS user_id,
  'ref-' || (abs(hashint8extended(i, 4)) % 1000000000)::text AS event_external_reference_id,
  NULL AS event_advisor_id,
  jsonb_build_object('Status', CASE WHEN abs(hashint8extended(i, 5)) % 10 = 0 THEN 'Pending' ELSE 'Shipped' END,
                     'Carrier', (ARRAY['DHL', 'UPS', 'PostNL', 'DPD'])[abs(hashint8extended(i, 6)) % 4 + 1],
                     'Amount', (abs(hashint8extended(i, 7)) % 100000)::float8 / 100) AS event_data,
  {{start}} + ((abs(hashint8extended(i, 1)) % {{span_us}}) + 5000000) * INTERVAL '1 microsecond' AS event_ingested_at
FROM generate_series(0::bigint, {{rows}} - 1) AS t(i)
ORDER BY event_created_at;
{{!-- 1% duplicated deliveries, ingested later. --}}
INSERT INTO {{tables.original}}
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at + INTERVAL '1 minute'
FROM {{tables.original}}
WHERE abs(hashtextextended(event_id, 10)) % 100 = 0;
{{!-- 1% exceptions and 0.5% exclusions, written earlier than the benchmark runs. --}}
INSERT INTO {{tables.exceptions}} (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update, operation_id)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  event_data || '{"Status":"Fixed"}'::jsonb, event_ingested_at, {{written_at}}, 'bench', TRUE, 'bench-setup'
FROM {{tables.original}}
WHERE abs(hashtextextended(event_id, 11)) % 100 = 0 AND abs(hashtextextended(event_ingested_at::text, 13)) % 2 = 0;
INSERT INTO {{tables.exclusions}} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description, operation_id)
SELECT DISTINCT event_id, event_created_at, event_name, {{written_at}}, 'bench', 'bench-setup'
FROM {{tables.original}}
WHERE abs(hashtextextended(event_id, 12)) % 200 = 0;
ANALYZE {{tables.original}};
ANALYZE {{tables.exceptions}};
ANALYZE {{tables.exclusions}};
