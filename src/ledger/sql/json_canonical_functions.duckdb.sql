{{!--
The canonical text of a JSON value (see canonical_json), as macros: keys in byte order, no whitespace, numbers
without trailing fraction zeros, for the payload's keys and those of the objects in it. Deeper objects and the
elements of arrays keep the text DuckDB stores: a lambda inside a lambda costs ~30 ms of binding per statement
(measured), and macros cannot call themselves. A JSON null inside becomes SQL NULL when an object is taken apart,
hence the COALESCE.
--}}
CREATE OR REPLACE MACRO {{tables.framework_schema}}.json_canonical_scalar(v) AS
  CASE WHEN json_type(v) IN ('DOUBLE', 'BIGINT', 'UBIGINT', 'HUGEINT') AND contains(CAST(v AS VARCHAR), '.') AND NOT regexp_matches(CAST(v AS VARCHAR), '[eE]')
    THEN rtrim(rtrim(CAST(v AS VARCHAR), '0'), '.') ELSE CAST(v AS VARCHAR) END;
CREATE OR REPLACE MACRO {{tables.framework_schema}}.json_canonical_nested(v) AS
  CASE json_type(v)
    WHEN 'OBJECT' THEN CAST(to_json(map_from_entries(list_sort(map_entries(CAST(v AS MAP(VARCHAR, JSON)))))) AS VARCHAR)
    ELSE {{tables.framework_schema}}.json_canonical_scalar(v) END;
CREATE OR REPLACE MACRO {{tables.framework_schema}}.json_canonical(j) AS
  CASE json_type(j)
    WHEN 'OBJECT' THEN '{' || array_to_string(list_transform(list_sort(map_entries(CAST(j AS MAP(VARCHAR, JSON)))), lambda e: to_json(e.key) || ':' || COALESCE({{tables.framework_schema}}.json_canonical_nested(e.value), 'null')), ',') || '}'
    ELSE {{tables.framework_schema}}.json_canonical_nested(j) END;
