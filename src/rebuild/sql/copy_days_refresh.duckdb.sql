{{!--
The copy index (DuckDB): one row per original row of an event name — its id's 64-bit hash and its day — so that a
day-limited rebuild finds the other days holding copies of its ids by scanning integers, not every id's text
(rebuild/copy_days_lookup). A cache of the original, kept in the rebuild's own transaction: `ranges` (a day-limited
rebuild) replaces those days' rows; no `ranges` (a full rebuild, or a first use) replaces the event name's rows and
marks them complete (`copy_days_built`), and only a complete index is looked up. Dropping both tables costs one
rebuild of the index, never a wrong result.
--}}
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.copy_days (event_name VARCHAR, id_hash UBIGINT, copy_day TIMESTAMP);
CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.copy_days_built (event_name VARCHAR, built_at TIMESTAMP);
{{#if ranges}}
{{#day_ranges ranges statements=true as |days|}}
DELETE FROM {{tables.framework_schema}}.copy_days
WHERE event_name = {{@root.event_name}} AND {{in_days "copy_day" days}};
INSERT INTO {{tables.framework_schema}}.copy_days
SELECT event_name, hash(event_id), date_trunc('day', event_created_at) FROM {{tables.original}}
WHERE event_name = {{@root.event_name}} AND {{in_days "event_created_at" days}};
{{/day_ranges}}
{{else}}
DELETE FROM {{tables.framework_schema}}.copy_days WHERE event_name = {{event_name}};
{{!-- In day order, so that the per-day deletes above read few row groups. --}}
INSERT INTO {{tables.framework_schema}}.copy_days
SELECT event_name, hash(event_id), date_trunc('day', event_created_at) FROM {{tables.original}}
WHERE event_name = {{event_name}};
DELETE FROM {{tables.framework_schema}}.copy_days_built WHERE event_name = {{event_name}};
INSERT INTO {{tables.framework_schema}}.copy_days_built VALUES ({{event_name}}, CURRENT_TIMESTAMP);
{{/if}}
