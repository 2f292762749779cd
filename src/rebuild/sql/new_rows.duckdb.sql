{{!-- The rebuilt days land in a temporary work table (session-private, never written to the WAL) first, so their columns can be checked before the swap. --}}
CREATE OR REPLACE TEMP TABLE {{work_table}} AS
{{model_sql}};
