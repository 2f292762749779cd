{{!-- How many JSON lines DuckDB reads in the file (blank lines aside); fails when one is not JSON. --}}
SELECT COUNT(*) AS json_lines
FROM read_ndjson_objects({{file}}{{#if gzip}}, compression = 'gzip'{{/if}})
