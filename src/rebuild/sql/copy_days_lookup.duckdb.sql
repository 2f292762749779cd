{{!--
The days outside `ranges` holding an original copy of an id that has a copy in `ranges`, by the copy index
(rebuild/copy_days_refresh): a scan of 64-bit hashes instead of every id's text. A hash shared by two ids only adds a
day to look at (the copies there are read from the original and compared by id), never hides one. `built` is 0 when
the event name's index is not complete: its days are not to be trusted. The event name and the days are tested in
the aggregate's FILTER, not in WHERE: filtered in the scan, the index looks small to DuckDB's optimizer, which then
builds its hash join on the whole index (every row of it) and probes it with the rebuilt days' few ids — 5× slower
at 10M events (~130 ms against ~25 ms).
--}}
SELECT
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.copy_days_built WHERE event_name = {{event_name}}) AS built,
  (SELECT list(DISTINCT strftime(copy_day, '%Y-%m-%d') ORDER BY strftime(copy_day, '%Y-%m-%d'))
     FILTER (WHERE event_name = {{event_name}} AND NOT {{in_days "copy_day" ranges}})
   FROM {{tables.framework_schema}}.copy_days
   WHERE id_hash IN (
       {{#day_ranges ranges as |days|}}
       SELECT hash(event_id) FROM {{tables.original}}
       WHERE event_name = {{@root.event_name}} AND {{in_days "event_created_at" days}}
       {{/day_ranges}}
     )) AS days
