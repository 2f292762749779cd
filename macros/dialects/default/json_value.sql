JSON_VALUE({{expr}}, {{path}})
