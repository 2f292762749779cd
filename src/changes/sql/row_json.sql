{{!-- One row as JSON text, from its columns under an alias. --}}
TO_JSON_STRING(STRUCT({{#each cols}}{{#unless @first}}, {{/unless}}{{ident ../alias}}.{{ident this}} AS {{ident this}}{{/each}}))
