CAST({{expr}} AS VARCHAR)
