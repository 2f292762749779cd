{{!--
The canonical text of a jsonb value (see canonical_json): keys in byte order, no whitespace, numbers without trailing
fraction zeros. jsonb's own text orders keys by length first and writes `": "`, so it cannot be compared with other
targets.
--}}
CREATE OR REPLACE FUNCTION {{tables.framework_schema}}.json_canonical(j jsonb)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $canonical$
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      RETURN '{' || COALESCE((SELECT string_agg(to_jsonb(e.key)::text || ':' || {{tables.framework_schema}}.json_canonical(e.value), ',' ORDER BY e.key COLLATE "C") FROM jsonb_each(j) AS e), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || COALESCE((SELECT string_agg({{tables.framework_schema}}.json_canonical(a.value), ',' ORDER BY a.n) FROM jsonb_array_elements(j) WITH ORDINALITY AS a(value, n)), '') || ']';
    WHEN 'number' THEN
      RETURN CASE WHEN j::text LIKE '%.%' THEN rtrim(rtrim(j::text, '0'), '.') ELSE j::text END;
    ELSE
      RETURN j::text;
  END CASE;
END
$canonical$;
