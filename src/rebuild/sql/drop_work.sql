DROP TABLE IF EXISTS {{work_table}}
