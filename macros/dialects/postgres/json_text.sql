{{!-- Byte order, whatever the database collation, so ties break the same way on every target. --}}
(CAST({{expr}} AS text) COLLATE "C")
