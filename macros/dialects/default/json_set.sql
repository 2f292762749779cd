{{!-- GoogleSQL. BigQuery's create_if_missing defaults to TRUE (missing paths are created), so it is left out: the ZetaSQL build the analyzer test uses predates that argument. --}}
JSON_SET({{expr}}{{#each pairs}}, {{path}}, {{value}}{{/each}})
