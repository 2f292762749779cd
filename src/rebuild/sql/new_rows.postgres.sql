DROP TABLE IF EXISTS {{work_table}};
CREATE TABLE {{work_table}} AS
{{model_sql}};
{{!-- A table made in this transaction has no statistics yet: the swap's joins with it are planned on them. --}}
ANALYZE {{work_table}};
