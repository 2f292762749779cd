{{!-- The rebuilt days straight from the model into the cleared days (stage_clear_days before, stage_drop_moved after). --}}
INSERT INTO {{stage_table}} ({{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}})
SELECT {{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}} FROM (
{{model_sql}}
) AS new_rows
