{{!--
After the new rows are in (insert_days): a row elsewhere whose key is a new row's is the copy it replaces, so
it goes. New rows are those on the days rebuilt whole (`fresh`) and the corrected events' rows on the days replaced
event by event (`events`). With `vars.dedup_window_days` each part of the dedup window around the rebuilt days
(`days`) only looks at its own rows; without it (no `days`), every day is looked at.
--}}
{{dispatch "rebuild/key_join_setup"}}
{{#each parts}}
DELETE FROM {{@root.stage_table}}
WHERE {{#if this.days}}{{in_days (ident @root.partition_by) this.days}} AND {{/if}}NOT {{in_days (ident @root.partition_by) this.fresh}}
{{#if this.events}}
  AND NOT ({{dispatch "semantics/touched_rows" touched=@root.touched days=this.events unique_key=@root.unique_key partition_by=@root.partition_by}})
{{/if}}
  AND {{ident @root.unique_key}} IN (
{{#day_ranges this.fresh as |fresh|}}
    SELECT {{ident @root.unique_key}} FROM {{@root.stage_table}} WHERE {{in_days (ident @root.partition_by) fresh}}
{{/day_ranges}}
{{#if this.events}}
    UNION ALL
    SELECT {{ident @root.unique_key}} FROM {{@root.stage_table}}
    WHERE {{dispatch "semantics/touched_rows" touched=@root.touched days=this.events unique_key=@root.unique_key partition_by=@root.partition_by}}
{{/if}}
  );
{{/each}}
{{dispatch "rebuild/key_join_reset"}}
