({{expr}} #>> {{path_keys}})
