{{!--
A JSON value as one text that every target computes alike, for rule 1's last tie-break: object keys in byte order
at every depth, no whitespace, numbers without trailing fraction zeros. BigQuery's JSON prints so already.
--}}
TO_JSON_STRING({{expr}})
