{{!-- DuckDB's physical row id: the candidates' side-table rows are found by key, then fetched by it (TargetAdapter.fetchesByRowid). --}}
rowid
