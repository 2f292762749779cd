{{!-- PostgreSQL: unlogged (no WAL), as the staging table is dropped when the import ends. --}}
UNLOGGED
