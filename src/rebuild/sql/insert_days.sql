{{!--
The rebuilt days' new rows into the cleared days: from the work table, or straight from the model (`model_sql`, in
place: clear_days before, drop_moved after).
--}}
INSERT INTO {{stage_table}} ({{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}})
SELECT {{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}} FROM {{#if model_sql}}(
{{model_sql}}
) AS new_rows{{else}}{{work_table}}{{/if}}
