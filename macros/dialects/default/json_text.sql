TO_JSON_STRING({{expr}})
