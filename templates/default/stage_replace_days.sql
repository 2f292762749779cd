{{!--
Replace the rebuilt days: delete them (and any row whose key is rebuilt, wherever it sat), insert the new rows.
Runs inside one transaction, so readers see the old days or the new ones, never a mix.
--}}
DELETE FROM {{stage_table}}
WHERE {{in_days (ident partition_by) ranges}}
   OR {{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}});
INSERT INTO {{stage_table}} ({{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}})
SELECT {{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}} FROM {{work_table}};
