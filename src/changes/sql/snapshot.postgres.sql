DROP TABLE IF EXISTS {{snapshot}};
CREATE TABLE {{snapshot}} AS
SELECT * FROM {{stage_table}};
