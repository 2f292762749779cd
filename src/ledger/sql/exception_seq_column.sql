{{!-- No counter on BigQuery: rows written by hand with equal timestamps in one statement have no write order. --}}
ALTER TABLE {{tables.exceptions}} ADD COLUMN IF NOT EXISTS exception_seq {{type "int"}};
