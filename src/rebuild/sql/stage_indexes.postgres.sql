{{!--
A stage table's indexes (by day, by key), after it was built whole (see full_build). No ANALYZE here: it cost a
third of the index builds' time again (issue 22's bench); CREATE INDEX records the table's size, which is what the
plans of the deletes by day and by key need, and autovacuum gathers the rest.
A model need not select its partition column (then it is rebuilt whole): no day index then (`day_index`).
For the rest of the transaction (SET LOCAL): sort memory enough to let PostgreSQL build the indexes with both of its
parallel maintenance workers (each participant needs 32MB of it; the default 64MB allows one worker). A BRIN index by day (built in a tenth of the time, the table being written in day
order) was tried and dropped: without ANALYZE the planner cannot cost it, and a rebuild of 3 days then scanned the
whole table.
--}}
SET LOCAL maintenance_work_mem = '256MB';
{{#if day_index}}
CREATE INDEX ON {{stage_table}} ({{ident partition_by}});
{{/if}}
CREATE INDEX ON {{stage_table}} ({{ident unique_key}});
