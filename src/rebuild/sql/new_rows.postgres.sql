DROP TABLE IF EXISTS {{work_table}};
CREATE TABLE {{work_table}} AS
{{model_sql}};
