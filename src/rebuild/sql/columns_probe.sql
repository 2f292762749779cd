{{!--
The model's columns, nothing computed: the model's own SQL (`{{events}}` a bare name) over an empty relation of the
event columns, which the effective events have too (LIMIT 0), checked against the stage table's before its days are
replaced.
--}}
SELECT * FROM (
  WITH {{ident "events"}} AS (SELECT {{columns}} FROM {{tables.original}} LIMIT 0)
  SELECT * FROM (
{{model_sql}}
  ) AS model_rows
) AS new_rows
LIMIT 0
