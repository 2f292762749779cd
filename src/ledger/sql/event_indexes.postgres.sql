{{!--
PostgreSQL has no partitions to prune: without these, every rebuild of a few days, every targeted run and every
operation by ids reads the whole original table (issue 22). By (event_name, event_created_at): the days of one event
name (a run's candidate ids and copies); by event_id: the other copies of a candidate id, and the side-table rows of
the candidates; by inserted_at: the side-table rows written since a model's last run. The names are fixed, so a
table that has them already (adopted, or indexed by hand) gets no second copy. Building them locks the original
table against writes while it runs (for a large table, create them beforehand with CREATE INDEX CONCURRENTLY under
these names). Then ANALYZE, as a bulk load leaves the planner without statistics.
--}}
CREATE INDEX IF NOT EXISTS backfill_original_name_day ON {{tables.original}} (event_name, event_created_at);
CREATE INDEX IF NOT EXISTS backfill_original_id ON {{tables.original}} (event_id);
CREATE INDEX IF NOT EXISTS backfill_exceptions_name_day ON {{tables.exceptions}} (event_name, event_created_at);
CREATE INDEX IF NOT EXISTS backfill_exceptions_id ON {{tables.exceptions}} (event_id);
CREATE INDEX IF NOT EXISTS backfill_exceptions_inserted ON {{tables.exceptions}} (inserted_at);
CREATE INDEX IF NOT EXISTS backfill_exclusions_id ON {{tables.exclusions}} (event_id);
CREATE INDEX IF NOT EXISTS backfill_exclusions_inserted ON {{tables.exclusions}} (inserted_at);
ANALYZE {{tables.original}};
ANALYZE {{tables.exceptions}};
ANALYZE {{tables.exclusions}};
