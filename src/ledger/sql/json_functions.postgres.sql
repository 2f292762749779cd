{{!-- RFC 7396 merge patch for jsonb, the json_set of this dialect (DuckDB has json_merge_patch built in). --}}
CREATE OR REPLACE FUNCTION {{tables.framework_schema}}.jsonb_merge_patch(target jsonb, patch jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $merge$
DECLARE
  result jsonb;
  item record;
BEGIN
  IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
    RETURN patch;
  END IF;
  IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
    result := '{}'::jsonb;
  ELSE
    result := target;
  END IF;
  FOR item IN SELECT key, value FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(item.value) = 'null' THEN
      result := result - item.key;
    ELSE
      result := jsonb_set(result, ARRAY[item.key], {{tables.framework_schema}}.jsonb_merge_patch(result -> item.key, item.value), true);
    END IF;
  END LOOP;
  RETURN result;
END
$merge$;
