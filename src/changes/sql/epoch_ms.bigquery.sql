{{!-- The warehouse's clock now, in epoch milliseconds. --}}
UNIX_MILLIS(CURRENT_TIMESTAMP())
