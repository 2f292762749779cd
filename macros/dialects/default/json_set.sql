JSON_SET({{expr}}{{#each pairs}}, {{path}}, {{value}}{{/each}}, create_if_missing => TRUE)
