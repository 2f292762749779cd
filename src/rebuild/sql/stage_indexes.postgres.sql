{{!--
A stage table's indexes (by day, by key), after it was built whole (see full_build). No ANALYZE here: it cost a
third of the index builds' time again (issue 22's bench); CREATE INDEX records the table's size, which is what the
plans of the deletes by day and by key need, and autovacuum gathers the rest.
--}}
CREATE INDEX ON {{stage_table}} ({{ident partition_by}});
CREATE INDEX ON {{stage_table}} ({{ident unique_key}});
