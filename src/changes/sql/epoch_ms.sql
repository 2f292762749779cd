{{!-- The warehouse's clock now, in epoch milliseconds (an integer). --}}
CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000) AS {{type "int"}})
