{{!-- Added without a default first, so the rows already there keep NULL (written before any write order was kept). --}}
CREATE SEQUENCE IF NOT EXISTS {{seq}};
ALTER TABLE {{tables.exceptions}} ADD COLUMN IF NOT EXISTS exception_seq BIGINT;
ALTER TABLE {{tables.exceptions}} ALTER COLUMN exception_seq SET DEFAULT nextval({{seq_name}});
