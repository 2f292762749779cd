{{!--
What a rebuild of days replaces goes first: the days rebuilt whole (a range predicate alone, so it prunes; range by
range where OR-ed ranges would not prune), then the rows of the corrected events on the days replaced event by event
(`touched`), wherever they sat there.
--}}
{{#day_ranges ranges statements=true as |days|}}
DELETE FROM {{stage_table}}
WHERE {{in_days (ident partition_by) days}};
{{/day_ranges}}
{{#if touched}}
{{dispatch "rebuild/key_join_setup"}}
{{#day_ranges event_ranges statements=true as |days|}}
DELETE FROM {{stage_table}}
WHERE {{dispatch "semantics/touched_rows" touched=touched days=days unique_key=unique_key partition_by=partition_by}};
{{/day_ranges}}
{{dispatch "rebuild/key_join_reset"}}
{{/if}}
