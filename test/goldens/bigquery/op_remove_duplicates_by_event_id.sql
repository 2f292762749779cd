-- @p_634e922810b2 = "CardWasShipped"
-- @p_927cfc5c8091 = "remove_duplicates_by_event_id: duplicated deliveries"
INSERT INTO
  `s3`.`backend_events_exceptions` (
    `event_id`,
    `event_created_at`,
    `event_name`,
    `user_id`,
    `event_external_reference_id`,
    `event_advisor_id`,
    `event_data`,
    `event_ingested_at`,
    exception_added_timestamp,
    exception_description,
    is_event_update,
    operation_id
  )
WITH
  day_rows AS (
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`
    FROM
      `kinesis`.`backend_events`
    WHERE
      event_name = @p_634e922810b2
      AND (
        (
          event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
          AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
        )
      )
  ),
  candidate_ids AS (
    SELECT
      event_id
    FROM
      `s3`.`backend_events_exceptions`
    WHERE
      event_name = @p_634e922810b2
      AND (
        (
          event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
          AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
        )
      )
    UNION ALL
    SELECT
      event_id
    FROM
      day_rows
  ),
  actions AS (
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`,
      exception_added_timestamp AS action_at,
      1 AS action_rank,
      inserted_at AS written_at,
      COALESCE(exception_seq, 0) AS write_seq,
      TO_JSON_STRING(`event_data`) AS payload_text
    FROM
      `s3`.`backend_events_exceptions`
    WHERE
      event_id IN (
        SELECT
          event_id
        FROM
          candidate_ids
      )
    UNION ALL
    SELECT
      event_id,
      event_created_at,
      event_name,
      NULL,
      NULL,
      NULL,
      NULL,
      NULL,
      exclusion_added_timestamp,
      0,
      inserted_at,
      0,
      NULL
    FROM
      `s3`.`backend_events_exclusions`
    WHERE
      event_id IN (
        SELECT
          event_id
        FROM
          candidate_ids
      )
  ),
  latest AS (
    SELECT
      *
    FROM
      (
        SELECT
          actions.*,
          ROW_NUMBER() OVER (
            PARTITION BY
              event_id
            ORDER BY
              action_at DESC,
              action_rank DESC,
              CASE
                WHEN written_at IS NULL THEN 0
                ELSE 1
              END DESC,
              written_at DESC,
              write_seq DESC,
              payload_text DESC
          ) AS action_pos
        FROM
          actions
      ) ranked_actions
    WHERE
      action_pos = 1
  ),
  copy_src AS (
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`
    FROM
      day_rows
    UNION ALL
    SELECT
      event_id,
      event_created_at,
      event_name,
      NULL,
      NULL,
      NULL,
      NULL,
      event_ingested_at
    FROM
      (
        SELECT
          event_id,
          event_created_at,
          event_name,
          event_ingested_at
        FROM
          `kinesis`.`backend_events`
        WHERE
          event_name = @p_634e922810b2
          AND NOT (
            (
              event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
              AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
            )
          )
      ) AS copies_nearby
    WHERE
      event_id IN (
        SELECT
          event_id
        FROM
          candidate_ids
      )
  ),
  copies AS (
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`,
      ROW_NUMBER() OVER (
        PARTITION BY
          event_id
        ORDER BY
          copy_ingested_at,
          event_created_at,
          tie_text,
          tie_raw,
          COALESCE(`user_id`, ''),
          COALESCE(`event_external_reference_id`, ''),
          COALESCE(`event_advisor_id`, '')
      ) AS copy_pos
    FROM
      (
        SELECT
          c.*,
          COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000+00') AS copy_ingested_at,
          CASE
            WHEN COUNT(*) OVER (
              PARTITION BY
                event_id,
                COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000+00'),
                event_created_at
            ) > 1 THEN TO_JSON_STRING(`event_data`)
          END AS tie_text,
          CASE
            WHEN COUNT(*) OVER (
              PARTITION BY
                event_id,
                COALESCE(event_ingested_at, TIMESTAMP '9999-12-31 00:00:00.000+00'),
                event_created_at
            ) > 1 THEN TO_JSON_STRING(`event_data`)
          END AS tie_raw
        FROM
          copy_src c
      ) ranked_copies
  ),
  first_copies AS (
    SELECT
      `o`.`event_id`,
      `o`.`event_created_at`,
      `o`.`event_name`,
      `o`.`user_id`,
      `o`.`event_external_reference_id`,
      `o`.`event_advisor_id`,
      `o`.`event_data`,
      `o`.`event_ingested_at`
    FROM
      copies o
      LEFT JOIN latest a ON a.event_id = o.event_id
    WHERE
      o.copy_pos = 1
      AND a.event_id IS NULL
      AND (
        (
          o.event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
          AND o.event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
        )
      )
  ),
  current_events AS (
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`
    FROM
      latest
    WHERE
      action_rank = 1
      AND event_name = @p_634e922810b2
      AND (
        (
          event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
          AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
        )
      )
    UNION ALL
    SELECT
      `event_id`,
      `event_created_at`,
      `event_name`,
      `user_id`,
      `event_external_reference_id`,
      `event_advisor_id`,
      `event_data`,
      `event_ingested_at`
    FROM
      first_copies
  )
SELECT
  `current_events`.`event_id`,
  `current_events`.`event_created_at`,
  `current_events`.`event_name`,
  `current_events`.`user_id`,
  `current_events`.`event_external_reference_id`,
  `current_events`.`event_advisor_id`,
  `current_events`.`event_data`,
  `current_events`.`event_ingested_at`,
  CAST(@action_at AS TIMESTAMP),
  @p_927cfc5c8091,
  TRUE,
  @operation_id
FROM
  current_events
WHERE
  current_events.event_id IN (
    SELECT
      event_id
    FROM
      `kinesis`.`backend_events`
    WHERE
      event_name = @p_634e922810b2
      AND event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
      AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'
    GROUP BY
      event_id
    HAVING
      COUNT(*) > 1
  )
  AND current_events.event_id NOT IN (
    SELECT
      event_id
    FROM
      `s3`.`backend_events_exclusions`
    WHERE
      event_id IS NOT NULL
  );

-- @p_927cfc5c8091 = "remove_duplicates_by_event_id: duplicated deliveries"
INSERT INTO
  `s3`.`backend_events_exclusions` (
    event_id,
    event_created_at,
    event_name,
    exclusion_added_timestamp,
    exclusion_description,
    operation_id
  )
SELECT
  event_id,
  event_created_at,
  event_name,
  CAST(@action_at AS TIMESTAMP),
  @p_927cfc5c8091,
  @operation_id
FROM
  `s3`.`backend_events_exceptions`
WHERE
  operation_id = @operation_id
  AND event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'
  AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00';
