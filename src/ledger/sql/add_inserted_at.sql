{{!--
Adoption of an existing side table: inserted_at added without a default first, so the rows already there keep NULL
(written before adoption: older than any watermark), then the default hand-written INSERTs rely on.
--}}
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS inserted_at {{type "timestamp"}};
ALTER TABLE {{table}} ALTER COLUMN inserted_at SET DEFAULT {{now}};
