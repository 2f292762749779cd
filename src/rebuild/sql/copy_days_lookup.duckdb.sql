{{!--
The days outside `ranges` holding an original copy of an id that has a copy in `ranges`, by the copy index
(rebuild/copy_days_refresh): a scan of 64-bit hashes instead of every id's text. A hash shared by two ids only adds a
day to look at (the copies there are read from the original and compared by id), never hides one. `built` is 0 when
the event name's index is not complete: its days are not to be trusted.
--}}
SELECT
  (SELECT COUNT(*) FROM {{tables.framework_schema}}.copy_days_built WHERE event_name = {{event_name}}) AS built,
  (SELECT list(DISTINCT strftime(copy_day, '%Y-%m-%d') ORDER BY strftime(copy_day, '%Y-%m-%d'))
   FROM {{tables.framework_schema}}.copy_days
   WHERE event_name = {{event_name}}
     AND NOT {{in_days "copy_day" ranges}}
     AND id_hash IN (
       {{#day_ranges ranges as |days|}}
       SELECT hash(event_id) FROM {{tables.original}}
       WHERE event_name = {{@root.event_name}} AND {{in_days "event_created_at" days}}
       {{/day_ranges}}
     )) AS days
