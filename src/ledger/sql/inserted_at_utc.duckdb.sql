{{!-- Migration 0009: the side tables' inserted_at default in UTC, whatever the writing session's TimeZone. --}}
ALTER TABLE {{tables.exceptions}} ALTER COLUMN inserted_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
ALTER TABLE {{tables.exclusions}} ALTER COLUMN inserted_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
