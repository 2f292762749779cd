{{!--
The model's columns, nothing computed: the model over an empty relation of the event columns (LIMIT 0), checked
against the stage table's before its days are replaced.
--}}
SELECT * FROM (
{{model_sql}}
) AS new_rows
LIMIT 0
