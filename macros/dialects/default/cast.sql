CAST({{expr}} AS {{sql_type}})
