{{!--
The effective event set of SPEC §3 for one event name, optionally limited to day ranges (rendered as constants,
so the warehouse prunes partitions). Latest action wins; an exception beats an exclusion at the same timestamp;
of exceptions at the same timestamp the later written wins (inserted_at, NULL for a row written before adoption and
oldest on every target; then exception_seq: the line or row order within one transaction); without any action the
event is its first original copy (earliest ingested, then created, then the canonical payload text, computed only
for copies tied on both, as it costs a function call per row; then the stored payload text and the other columns,
so that the choice never depends on row order).
A subquery; with `cte_name`, the CTEs of the caller's leading WITH, the effective rows named `cte_name` last.
--}}
{{#unless cte_name}}
(
  WITH
{{/unless}}
  {{#if ranges}}
  {{!--
  Only the actions of ids that can land in the rebuilt days are ranked: ids with an exception of this name in
  those days, and ids of original copies in them. Every action of such an id is ranked, whatever its name or day.
  With `touched` (a targeted run correcting events one by one), also the ids with side-table rows written since the
  model's last run, wherever they land: each of them has an action, so its latest action alone decides it.
  --}}
  {{#if touched}}
  touched_ids AS (
    {{dispatch "semantics/touched_ids" since=touched.since upto=touched.upto ids=touched.ids}}
  ),
  {{/if}}
  {{#if days_once}}
  {{!--
  Where each scan is billed (BigQuery), the days' original rows are read once, here, for both the candidate ids and
  the copies: a second reference of the same partitions would be billed again.
  --}}
  day_rows AS (
    {{#day_ranges ranges as |days|}}
    SELECT {{columns}} FROM {{tables.original}}
    WHERE event_name = {{event_name}} AND {{in_days "event_created_at" days}}
    {{/day_ranges}}
  ),
  {{/if}}
  candidate_ids AS (
    {{#day_ranges ranges as |days|}}
    SELECT event_id FROM {{tables.exceptions}}
    WHERE event_name = {{event_name}} AND {{in_days "event_created_at" days}}
    {{#unless @root.days_once}}
    UNION ALL
    SELECT event_id FROM {{tables.original}}
    WHERE event_name = {{event_name}} AND {{in_days "event_created_at" days}}
    {{/unless}}
    {{/day_ranges}}
    {{#if days_once}}
    UNION ALL
    SELECT event_id FROM day_rows
    {{/if}}
    {{#if touched}}
    UNION ALL
    SELECT event_id FROM touched_ids
    {{/if}}
  ),
  {{/if}}
  {{#if ranges}}
  {{#if fetch_by_rowid}}
  {{!-- The candidates' side-table rows found by key alone, then fetched by row id (see TargetAdapter.fetchesByRowid). --}}
  exception_rows AS (
    SELECT {{dispatch "semantics/row_id"}} AS row_ref FROM {{tables.exceptions}} WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  exclusion_rows AS (
    SELECT {{dispatch "semantics/row_id"}} AS row_ref FROM {{tables.exclusions}} WHERE event_id IN (SELECT event_id FROM candidate_ids)
  ),
  {{/if}}
  {{/if}}
  actions AS (
    SELECT {{columns}}, exception_added_timestamp AS action_at, 1 AS action_rank, inserted_at AS written_at, COALESCE(exception_seq, 0) AS write_seq, {{json_text "event_data"}} AS payload_text
    FROM {{tables.exceptions}}
    {{#if ranges}}
    WHERE {{#if fetch_by_rowid}}{{dispatch "semantics/row_id"}} IN (SELECT row_ref FROM exception_rows){{else}}event_id IN (SELECT event_id FROM candidate_ids){{/if}}
    {{/if}}
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, NULL, exclusion_added_timestamp, 0, inserted_at, 0, NULL
    FROM {{tables.exclusions}}
    {{#if ranges}}
    WHERE {{#if fetch_by_rowid}}{{dispatch "semantics/row_id"}} IN (SELECT row_ref FROM exclusion_rows){{else}}event_id IN (SELECT event_id FROM candidate_ids){{/if}}
    {{/if}}
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
  {{!--
  The original copies. For rebuilt days: every copy in those days, and the copies of the candidate ids (an equality
  semi-join, which every engine decorrelates) elsewhere — within the dedup window when one is set — because a copy
  outside the days may come first; then the event belongs to that copy's day and is not ours. Of those outside
  copies only the keys are read: a copy on another day never ties with one in the days (its created time differs),
  and is never written.
  --}}
  copy_src AS (
    {{#if ranges}}
    {{#if days_once}}
    SELECT {{columns}} FROM day_rows
    {{else}}
    {{#day_ranges ranges as |days|}}
    SELECT {{columns}} FROM {{tables.original}}
    WHERE event_name = {{event_name}} AND {{in_days "event_created_at" days}}
    {{/day_ranges}}
    {{/if}}
    {{#if copies_elsewhere}}
    UNION ALL
    SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, event_ingested_at
    FROM (
      {{#if margin_ranges}}
      {{#day_ranges margin_ranges as |days|}}
      SELECT event_id, event_created_at, event_name, event_ingested_at FROM {{tables.original}}
      WHERE event_name = {{event_name}} AND {{in_days "event_created_at" days}}
      {{/day_ranges}}
      {{else}}
      SELECT event_id, event_created_at, event_name, event_ingested_at FROM {{tables.original}}
      WHERE event_name = {{event_name}} AND NOT {{in_days "event_created_at" ranges}}
      {{/if}}
    ) AS copies_nearby
    WHERE event_id IN (SELECT event_id FROM candidate_ids)
    {{/if}}
    {{else}}
    SELECT {{columns}} FROM {{tables.original}}
    WHERE event_name = {{event_name}}
    {{/if}}
  ),
  {{!--
  First copy first: earliest ingested, then created, then payload text. Where the dialect says so (DuckDB, PostgreSQL), only ids
  delivered more than once are ranked: the others pass straight through a hash anti-join, which is faster than
  ranking every row and keeps the original's order (so the stage table stays clustered by day). With
  `pass_through` (PostgreSQL, DuckDB), the ids with an action are in repeated_ids too, so the copies passing through need
  no anti-join with `latest`: only the ranked copies meet it.
  --}}
  {{#if rank_repeated_only}}
  repeated_ids AS (
    {{dispatch "semantics/repeated_ids" with_actions=pass_through}}
  ),
  {{/if}}
  copies AS (
    {{#if rank_repeated_only}}
    {{#unless pass_through}}
    SELECT {{columns}}, 1 AS copy_pos
    FROM copy_src c
    WHERE {{dispatch "semantics/repeated_copy" repeated=false}}
    UNION ALL
    {{/unless}}
    {{/if}}
    SELECT {{columns}}, ROW_NUMBER() OVER (
      PARTITION BY event_id ORDER BY copy_ingested_at, event_created_at, tie_text, tie_raw,
        COALESCE({{dispatch "text_order" expr=(ident "user_id")}}, ''), COALESCE({{dispatch "text_order" expr=(ident "event_external_reference_id")}}, ''),
        COALESCE({{dispatch "text_order" expr=(ident "event_advisor_id")}}, '')
    ) AS copy_pos
    FROM (
      SELECT c.*, COALESCE(event_ingested_at, {{far_future}}) AS copy_ingested_at,
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, {{far_future}}), event_created_at) > 1
          THEN {{dispatch "semantics/canonical_json" expr=(ident "event_data")}} END AS tie_text,
        {{!-- Payloads equal in canonical text (1.0 and 1, keys in another order) still differ: their stored text
        decides, then the other columns, so the copy is the same on every run. --}}
        CASE WHEN COUNT(*) OVER (PARTITION BY event_id, COALESCE(event_ingested_at, {{far_future}}), event_created_at) > 1
          THEN {{json_text "event_data"}} END AS tie_raw
      FROM copy_src c
      {{#if rank_repeated_only}}
      WHERE {{dispatch "semantics/repeated_copy" repeated=true}}
      {{/if}}
    ) ranked_copies
  ),
  first_copies AS (
    {{#if pass_through}}
    SELECT {{columns}}
    FROM copy_src c
    WHERE {{dispatch "semantics/repeated_copy" repeated=false}}
    {{#if ranges}}
      AND {{in_days "c.event_created_at" ranges}}
    {{/if}}
    UNION ALL
    {{/if}}
    SELECT {{columns "o"}}
    FROM copies o
    LEFT JOIN latest a ON a.event_id = o.event_id
    WHERE o.copy_pos = 1
      AND a.event_id IS NULL
    {{#if ranges}}
      AND {{in_days "o.event_created_at" ranges}}
    {{/if}}
  ){{#if cte_name}},
  {{cte_name}} AS ({{/if}}
  SELECT {{columns}}
  FROM latest
  WHERE action_rank = 1
    AND event_name = {{event_name}}
  {{#if ranges}}
  {{#if touched}}
    AND ({{in_days "event_created_at" ranges}} OR event_id IN (SELECT event_id FROM touched_ids))
  {{else}}
    AND {{in_days "event_created_at" ranges}}
  {{/if}}
  {{/if}}
  UNION ALL
  SELECT {{columns}}
  FROM first_copies
)
