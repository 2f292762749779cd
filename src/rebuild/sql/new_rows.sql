{{!-- The rebuilt days land in a work table first, so their columns can be checked before the swap. --}}
CREATE OR REPLACE TABLE {{work_table}} AS
{{model_sql}};
