{{!--
Replace the rebuilt days: delete them (a range predicate alone, so it prunes), then any row whose key is rebuilt
wherever it sat (within the dedup window when `vars.dedup_window_days` bounds where copies are: events moved by
side-table rows are in the planned days already), and insert the new rows.
Runs inside one transaction, so readers see the old days or the new ones, never a mix.
--}}
DELETE FROM {{stage_table}}
WHERE {{in_days (ident partition_by) ranges}};
DELETE FROM {{stage_table}}
WHERE {{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}})
{{#if moved_within}}
  AND {{in_days (ident partition_by) moved_within}}
{{/if}}
;
INSERT INTO {{stage_table}} ({{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}})
SELECT {{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}} FROM {{work_table}};
