CAST(json_object({{#each cols}}{{#unless @first}}, {{/unless}}{{this}}, {{ident ../alias}}.{{ident this}}{{/each}}) AS VARCHAR)
