INSERT INTO {{next_table}}
{{model_sql}}
