DROP TABLE IF EXISTS "stage"."__backfill_work_card_shipped";

CREATE TABLE "stage"."__backfill_work_card_shipped" AS
select
  event_id,
  event_created_at,
  user_id,
  event_external_reference_id as card_id,
  ("event_data" #>> '{Status}') as status,
  ("event_data" #>> '{Carrier}') as carrier,
  ("event_data" #>> '{Address,Country}') as country,
  CAST(("event_data" #>> '{ShippedAt}') AS timestamptz) as shipped_at
from (
  WITH
  candidate_ids AS (
    SELECT event_id FROM "s3"."backend_events_exceptions"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
    UNION ALL
    SELECT event_id FROM "kinesis"."backend_events"
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
  ),
  actions AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at", exception_added_timestamp AS action_at, 1 AS action_rank, inserted_at AS written_at, COALESCE(exception_seq, 0) AS write_seq, (CAST("event_data" AS text) COLLATE "C") AS payload_text
    FROM "s3"."backend_events_exceptions"
    WHERE event_id IN (SELECT event_id FROM candidate_ids)
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, NULL, exclusion_added_timestamp, 0, inserted_at, 0, NULL
    FROM "s3"."backend_events_exclusions"
    WHERE event_id IN (SELECT event_id FROM candidate_ids)
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
    WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, event_ingested_at
    FROM (
      SELECT event_id, event_created_at, event_name, event_ingested_at FROM "kinesis"."backend_events"
      WHERE event_name = 'CardWasShipped' AND NOT ((event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
    ) AS copies_nearby
    WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  repeated_ids AS (
    SELECT id_hash FROM (SELECT hashtextextended(event_id, 0) AS id_hash FROM copy_src ORDER BY 1 OFFSET 0) AS id_hashes GROUP BY id_hash HAVING COUNT(*) > 1
    UNION ALL
    SELECT hashtextextended(event_id, 0) FROM latest
  ),
  copies AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at", ROW_NUMBER() OVER (
      PARTITION BY event_id ORDER BY copy_ingested_at, event_created_at, tie_text, tie_raw,
        COALESCE("user_id" COLLATE "C", ''), COALESCE("event_external_reference_id" COLLATE "C", ''),
        COALESCE("event_advisor_id" COLLATE "C", '')
    ) AS copy_pos
    FROM (
      SELECT c.*, COALESCE(event_ingested_at, TIMESTAMPTZ '9999-12-31 00:00:00.000+00') AS copy_ingested_at,
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, TIMESTAMPTZ '9999-12-31 00:00:00.000+00'), event_created_at) > 1
          THEN ("backfill".json_canonical("event_data") COLLATE "C") END AS tie_text,
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, TIMESTAMPTZ '9999-12-31 00:00:00.000+00'), event_created_at) > 1
          THEN (CAST("event_data" AS text) COLLATE "C") END AS tie_raw
      FROM copy_src c
      WHERE (c.event_id IS NULL OR hashtextextended(c.event_id, 0) IN (SELECT id_hash FROM repeated_ids WHERE id_hash IS NOT NULL))
    ) ranked_copies
  ),
  first_copies AS (
    SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
    FROM copy_src c
    WHERE c.event_id IS NOT NULL AND hashtextextended(c.event_id, 0) NOT IN (SELECT id_hash FROM repeated_ids WHERE id_hash IS NOT NULL)
      AND ((c.event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND c.event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (c.event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND c.event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
    UNION ALL
    SELECT "o"."event_id", "o"."event_created_at", "o"."event_name", "o"."user_id", "o"."event_external_reference_id", "o"."event_advisor_id", "o"."event_data", "o"."event_ingested_at"
    FROM copies o
    LEFT JOIN latest a ON a.event_id = o.event_id
    WHERE o.copy_pos = 1
      AND a.event_id IS NULL
      AND ((o.event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND o.event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (o.event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND o.event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
  )
  SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
  FROM latest
  WHERE action_rank = 1
    AND event_name = 'CardWasShipped'
    AND ((event_created_at >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR (event_created_at >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'))
  UNION ALL
  SELECT "event_id", "event_created_at", "event_name", "user_id", "event_external_reference_id", "event_advisor_id", "event_data", "event_ingested_at"
  FROM first_copies
) AS "events";

ANALYZE "stage"."__backfill_work_card_shipped";

DELETE FROM "stage"."card_shipped"
WHERE (("event_created_at" >= TIMESTAMPTZ '2026-11-12 00:00:00.000+00' AND "event_created_at" < TIMESTAMPTZ '2026-11-13 00:00:00.000+00') OR ("event_created_at" >= TIMESTAMPTZ '2026-11-20 00:00:00.000+00' AND "event_created_at" < TIMESTAMPTZ '2026-11-24 00:00:00.000+00'));

DELETE FROM "stage"."card_shipped"
WHERE "event_id" IN (SELECT "event_id" FROM "stage"."__backfill_work_card_shipped");

INSERT INTO "stage"."card_shipped" ("event_id", "event_created_at", "user_id", "card_id", "status", "carrier", "country", "shipped_at")
SELECT "event_id", "event_created_at", "user_id", "card_id", "status", "carrier", "country", "shipped_at" FROM "stage"."__backfill_work_card_shipped";

DROP TABLE IF EXISTS "stage"."__backfill_work_card_shipped";
