{{!--
Replace the rebuilt days from the work table: clear them (clear_days), delete any row whose key is rebuilt
wherever it sat (within the dedup window when `vars.dedup_window_days` bounds where copies are: events moved by
side-table rows are in the planned days already), and insert the new rows.
Runs inside one transaction, so readers see the old days or the new ones, never a mix.
--}}
{{dispatch "rebuild/clear_days" stage_table=stage_table ranges=ranges touched=touched event_ranges=event_ranges unique_key=unique_key partition_by=partition_by}}
{{dispatch "rebuild/key_join_setup"}}
{{#if moved_within}}
{{!--
A copy that came first sat within the dedup window of the new row's day, so each part of that window only needs the
keys of the new rows inside it.
--}}
{{#day_ranges moved_within statements=true as |days|}}
DELETE FROM {{stage_table}}
WHERE {{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}} WHERE {{in_days (ident partition_by) days}})
  AND {{in_days (ident partition_by) days}};
{{/day_ranges}}
{{else}}
DELETE FROM {{stage_table}}
WHERE {{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}});
{{/if}}
{{dispatch "rebuild/key_join_reset"}}
{{dispatch "rebuild/insert_days" stage_table=stage_table column_names=column_names work_table=work_table}};
