CAST(json_build_object({{#each cols}}{{#unless @first}}, {{/unless}}CAST({{this}} AS text), {{ident ../alias}}.{{ident this}}{{/each}}) AS text)
