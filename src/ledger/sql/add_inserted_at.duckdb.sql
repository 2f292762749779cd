{{!-- As the default version, with migration 0009's default: the time in UTC whatever the session's TimeZone. --}}
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS inserted_at {{type "timestamp"}};
ALTER TABLE {{table}} ALTER COLUMN inserted_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
