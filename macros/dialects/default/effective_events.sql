{{!--
The effective event set of SPEC §3 for one event name, optionally limited to day ranges (rendered as constants,
so the warehouse prunes partitions). Latest action wins; an exception beats an exclusion at the same timestamp;
without any action the event is its first original copy (earliest ingested, then created, then payload text).
--}}
(
  WITH actions AS (
    SELECT {{columns}}, exception_added_timestamp AS action_at, 1 AS action_rank, inserted_at AS written_at, {{json_text "event_data"}} AS payload_text
    FROM {{tables.exceptions}}
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, NULL, exclusion_added_timestamp, 0, inserted_at, NULL
    FROM {{tables.exclusions}}
  ),
  latest AS (
    SELECT * FROM (
      SELECT actions.*, ROW_NUMBER() OVER (
        PARTITION BY event_id ORDER BY action_at DESC, action_rank DESC, written_at DESC, payload_text DESC
      ) AS action_pos
      FROM actions
    ) ranked_actions
    WHERE action_pos = 1
  ),
  original_copies AS (
    SELECT {{columns}}, ROW_NUMBER() OVER (
      PARTITION BY event_id ORDER BY COALESCE(event_ingested_at, {{far_future}}), event_created_at, {{json_text "event_data"}}
    ) AS copy_pos
    FROM {{tables.original}}
    WHERE event_name = {{event_name}}
    {{#if ranges}}
      AND ({{#each ranges}}{{#unless @first}} OR {{/unless}}(event_created_at >= {{start}} AND event_created_at < {{end}}){{/each}})
    {{/if}}
  ),
  first_copies AS (
    SELECT {{columns "o"}}
    FROM original_copies o
    WHERE o.copy_pos = 1
      AND NOT EXISTS (SELECT 1 FROM latest a WHERE a.event_id = o.event_id)
    {{#if ranges}}
      {{!-- A copy outside the rebuilt days may come first: then the event belongs to that copy's day. --}}
      AND NOT EXISTS (
        SELECT 1 FROM {{tables.original}} p
        WHERE p.event_id = o.event_id
          AND p.event_name = {{event_name}}
          {{#if dedup_bounds}}
          AND p.event_created_at >= {{dedup_bounds.start}} AND p.event_created_at < {{dedup_bounds.end}}
          {{/if}}
          AND (
            COALESCE(p.event_ingested_at, {{far_future}}) < COALESCE(o.event_ingested_at, {{far_future}})
            OR (COALESCE(p.event_ingested_at, {{far_future}}) = COALESCE(o.event_ingested_at, {{far_future}})
              AND (p.event_created_at < o.event_created_at
                OR (p.event_created_at = o.event_created_at AND {{json_text "p.event_data"}} < {{json_text "o.event_data"}})))
          )
      )
    {{/if}}
  )
  SELECT {{columns}}
  FROM latest
  WHERE action_rank = 1
    AND event_name = {{event_name}}
  {{#if ranges}}
    AND ({{#each ranges}}{{#unless @first}} OR {{/unless}}(event_created_at >= {{start}} AND event_created_at < {{end}}){{/each}})
  {{/if}}
  UNION ALL
  SELECT {{columns}}
  FROM first_copies
)
