json_extract_string({{expr}}, {{path}})
