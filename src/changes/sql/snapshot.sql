{{!-- A full rebuild with a change feed keeps the old rows aside to compare with. --}}
CREATE OR REPLACE TABLE {{snapshot}} AS
SELECT * FROM {{stage_table}}
