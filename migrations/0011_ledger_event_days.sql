{{!--
Whether every side-table row an operation wrote keeps its event on the day where the event is (the macro declares
`keeps_event_days`: its rows are copied from the effective events, event_created_at included). A targeted run's
planning then needs no lookup of those events in the stage table (on BigQuery: its key column in every partition).
NULL for entries written before, by hand, or by commands other than run-operation: looked up, as before.
--}}
ALTER TABLE {{tables.framework_schema}}.operations ADD COLUMN IF NOT EXISTS keeps_event_days {{type "bool"}};
