{{!-- Back to DuckDB's default optimizers (see key_join_setup). --}}
RESET disabled_optimizers;
