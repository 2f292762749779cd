{{!--
A stage table's indexes (by day, by key), after it was built whole (see full_build). No ANALYZE here: it cost a
third of the index builds' time again (issue 22's bench); CREATE INDEX records the table's size, which is what the
plans of the deletes by day and by key need, and autovacuum gathers the rest.
A model need not select its partition column (then it is rebuilt whole): no day index then (`day_index`).
--}}
{{#if day_index}}
CREATE INDEX ON {{stage_table}} ({{ident partition_by}});
{{/if}}
CREATE INDEX ON {{stage_table}} ({{ident unique_key}});
