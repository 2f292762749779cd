CREATE OR REPLACE TEMP TABLE "temp"."__backfill_work_card_shipped" AS
select
  event_id,
  event_created_at,
  user_id,
  event_external_reference_id as card_id,
  json_extract_string("event_data", '$.Status') as status,
  json_extract_string("event_data", '$.Carrier') as carrier,
  json_extract_string("event_data", '$.Address.Country') as country,
  TRY_CAST(json_extract_string("event_data", '$.ShippedAt') AS TIMESTAMP) as shipped_at
from (
  WITH
  candidate_ids AS (
    SELECT event_id FROM "s3"."backend_events_exceptions"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-12 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-13 00:00:00.000'))
    UNION ALL
    SELECT event_id FROM "kinesis"."backend_events"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-12 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-13 00:00:00.000'))
    UNION ALL
    SELECT event_id FROM "s3"."backend_events_exceptions"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000'))
    UNION ALL
    SELECT event_id FROM "kinesis"."backend_events"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000'))
  ),
  exception_rows AS (
    SELECT rowid AS row_ref FROM "s3"."backend_events_exceptions" WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  exclusion_rows AS (
    SELECT rowid AS row_ref FROM "s3"."backend_events_exclusions" WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  actions AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at", exception_added_timestamp AS action_at, 1 AS action_rank, inserted_at AS written_at, COALESCE(exception_seq, 0) AS write_seq, CAST("event_data" AS VARCHAR) AS payload_text
    FROM "s3"."backend_events_exceptions"
    WHERE rowid IN (SELECT row_ref FROM exception_rows)
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, NULL, exclusion_added_timestamp, 0, inserted_at, 0, NULL
    FROM "s3"."backend_events_exclusions"
    WHERE rowid IN (SELECT row_ref FROM exclusion_rows)
  ),
  latest AS (
    SELECT * FROM (
      SELECT actions.*, ROW_NUMBER() OVER (
        PARTITION BY event_id ORDER BY action_at DESC, action_rank DESC, CASE WHEN written_at IS NULL THEN 0 ELSE 1 END DESC, written_at DESC, write_seq DESC, payload_text DESC
      ) AS action_pos
      FROM actions
    ) ranked_actions
    WHERE action_pos = 1
  ),
  copy_src AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at" FROM "kinesis"."backend_events"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-12 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-13 00:00:00.000'))
    UNION ALL
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at" FROM "kinesis"."backend_events"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000'))
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, event_ingested_at
    FROM (
      SELECT event_id, event_created_at, event_name, event_ingested_at FROM "kinesis"."backend_events"
      WHERE event_name = 'CardWasShipped' AND NOT (CAST(event_created_at AS DATE) IN (DATE '2026-11-12', DATE '2026-11-20', DATE '2026-11-21', DATE '2026-11-22', DATE '2026-11-23'))
    ) AS copies_nearby
    WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  repeated_ids AS (
    SELECT hash(event_id) AS id_hash FROM copy_src GROUP BY id_hash HAVING COUNT(*) > 1
    UNION ALL
    SELECT hash(event_id) FROM latest
  ),
  copies AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at", ROW_NUMBER() OVER (
      PARTITION BY event_id ORDER BY copy_ingested_at, event_created_at, tie_text, tie_raw,
        COALESCE("user_id", ''), COALESCE("event_external_reference_id", ''),
        COALESCE("event_advisor_id", '')
    ) AS copy_pos
    FROM (
      SELECT c.*, COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000') AS copy_ingested_at,
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000'), event_created_at) > 1
          THEN "backfill".json_canonical("event_data") END AS tie_text,
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000'), event_created_at) > 1
          THEN CAST("event_data" AS VARCHAR) END AS tie_raw
      FROM copy_src c
      WHERE hash(c.event_id) IN (SELECT id_hash FROM repeated_ids)
    ) ranked_copies
  ),
  first_copies AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
    FROM copy_src c
    WHERE hash(c.event_id) NOT IN (SELECT id_hash FROM repeated_ids)
      AND (CAST(c.event_created_at AS DATE) IN (DATE '2026-11-12', DATE '2026-11-20', DATE '2026-11-21', DATE '2026-11-22', DATE '2026-11-23'))
    UNION ALL
    SELECT "o"."event_id", "o"."event_created_at", "o"."event_name", "o"."user_id", "o"."event_external_reference_id", "o"."event_advisor_id", "o"."event_data", "o"."event_ingested_at"
    FROM copies o
    LEFT JOIN latest a ON a.event_id = o.event_id
    WHERE o.copy_pos = 1
      AND a.event_id IS NULL
      AND (CAST(o.event_created_at AS DATE) IN (DATE '2026-11-12', DATE '2026-11-20', DATE '2026-11-21', DATE '2026-11-22', DATE '2026-11-23'))
  )
  SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
  FROM latest
  WHERE action_rank = 1
    AND event_name = 'CardWasShipped'
    AND (CAST(event_created_at AS DATE) IN (DATE '2026-11-12', DATE '2026-11-20', DATE '2026-11-21', DATE '2026-11-22', DATE '2026-11-23'))
  UNION ALL
  SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
  FROM first_copies
) AS "events";

CREATE TABLE IF NOT EXISTS "backfill".copy_days (event_name VARCHAR, id_hash UBIGINT, copy_day TIMESTAMP);

CREATE TABLE IF NOT EXISTS "backfill".copy_days_built (event_name VARCHAR, built_at TIMESTAMP);

DELETE FROM "backfill".copy_days
WHERE event_name = 'CardWasShipped' AND ((copy_day >= TIMESTAMP '2026-11-12 00:00:00.000' AND copy_day < TIMESTAMP '2026-11-13 00:00:00.000'));

INSERT INTO "backfill".copy_days
SELECT event_name, hash(event_id), date_trunc('day', event_created_at) FROM "kinesis"."backend_events"
WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-12 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-13 00:00:00.000'));

DELETE FROM "backfill".copy_days
WHERE event_name = 'CardWasShipped' AND ((copy_day >= TIMESTAMP '2026-11-20 00:00:00.000' AND copy_day < TIMESTAMP '2026-11-24 00:00:00.000'));

INSERT INTO "backfill".copy_days
SELECT event_name, hash(event_id), date_trunc('day', event_created_at) FROM "kinesis"."backend_events"
WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000'));

DELETE FROM "stage"."card_shipped"
WHERE (("event_created_at" >= TIMESTAMP '2026-11-12 00:00:00.000' AND "event_created_at" < TIMESTAMP '2026-11-13 00:00:00.000'));

DELETE FROM "stage"."card_shipped"
WHERE (("event_created_at" >= TIMESTAMP '2026-11-20 00:00:00.000' AND "event_created_at" < TIMESTAMP '2026-11-24 00:00:00.000'));

SET disabled_optimizers = 'join_filter_pushdown';

DELETE FROM "stage"."card_shipped"
WHERE "event_id" IN (SELECT "event_id" FROM "temp"."__backfill_work_card_shipped");

RESET disabled_optimizers;

INSERT INTO "stage"."card_shipped" ("event_id", "event_created_at", "user_id", "card_id", "status", "carrier", "country", "shipped_at")
SELECT "event_id", "event_created_at", "user_id", "card_id", "status", "carrier", "country", "shipped_at" FROM "temp"."__backfill_work_card_shipped";

DROP TABLE IF EXISTS "temp"."__backfill_work_card_shipped";
