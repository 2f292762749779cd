{{!--
The rebuilt days' new rows into the cleared days, from `source`: the work table, or the model itself (in place:
stage_clear_days before, stage_drop_moved after).
--}}
INSERT INTO {{stage_table}} ({{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}})
SELECT {{#each column_names}}{{#unless @first}}, {{/unless}}{{ident this}}{{/each}} FROM {{source}}
