{{!--
No statement: one process writes a DuckDB file at a time (it holds the file's lock), and a run's own process has no
other transaction open while it plans, so no side-table row can commit after the planning snapshot with an earlier
inserted_at. The high-water mark is the watermark.
--}}
