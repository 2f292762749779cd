{{!-- A full rebuild with a change feed keeps the old rows aside, in a temporary table, to compare with. --}}
CREATE OR REPLACE TEMP TABLE {{snapshot}} AS
SELECT * FROM {{stage_table}}
