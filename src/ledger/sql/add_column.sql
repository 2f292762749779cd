{{!-- Adoption of an existing side table: a column it lacks, appended (rows and other columns untouched), NULL in its rows. --}}
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS {{column}} {{sql_type}}
