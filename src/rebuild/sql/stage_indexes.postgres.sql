{{!-- A stage table's indexes (by day, by key) and statistics, after it was built whole (see full_build). --}}
CREATE INDEX ON {{stage_table}} ({{ident partition_by}});
CREATE INDEX ON {{stage_table}} ({{ident unique_key}});
ANALYZE {{stage_table}};
