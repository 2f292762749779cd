CREATE SEQUENCE IF NOT EXISTS "s3"."backend_events_exceptions_seq";

ALTER TABLE "s3"."backend_events_exceptions" ADD COLUMN IF NOT EXISTS exception_seq BIGINT;

ALTER TABLE "s3"."backend_events_exceptions" ALTER COLUMN exception_seq SET DEFAULT nextval('"s3"."backend_events_exceptions_seq"');

ALTER TABLE "backfill".exceptions_archive ADD COLUMN IF NOT EXISTS exception_seq BIGINT;

CREATE OR REPLACE MACRO "backfill".json_canonical_scalar(v) AS
  CASE WHEN json_type(v) IN ('DOUBLE', 'BIGINT', 'UBIGINT', 'HUGEINT') AND contains(CAST(v AS VARCHAR), '.') AND NOT regexp_matches(CAST(v AS VARCHAR), '[eE]')
    THEN rtrim(rtrim(CAST(v AS VARCHAR), '0'), '.') ELSE CAST(v AS VARCHAR) END;

CREATE OR REPLACE MACRO "backfill".json_canonical_nested(v) AS
  CASE json_type(v)
    WHEN 'OBJECT' THEN CAST(to_json(map_from_entries(list_sort(map_entries(CAST(v AS MAP(VARCHAR, JSON)))))) AS VARCHAR)
    ELSE "backfill".json_canonical_scalar(v) END;

CREATE OR REPLACE MACRO "backfill".json_canonical(j) AS
  CASE json_type(j)
    WHEN 'OBJECT' THEN '{' || array_to_string(list_transform(list_sort(map_entries(CAST(j AS MAP(VARCHAR, JSON)))), lambda e: to_json(e.key) || ':' || COALESCE("backfill".json_canonical_nested(e.value), 'null')), ',') || '}'
    ELSE "backfill".json_canonical_nested(j) END;
