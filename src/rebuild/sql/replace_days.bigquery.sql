{{!--
Inside one transaction: drop rows whose key is rebuilt wherever they sat (an event moved from a day outside the
rebuild; the stage table is clustered by the key, so this reads few blocks, and with `vars.dedup_window_days` only
the partitions of that window), then replace the days with one MERGE
whose day bounds are constants, so BigQuery prunes every other partition.
--}}
{{!--
With the corrected events' ids given (`touched_ids`), the window's keys are read from the work table's partitions of
the whole days only, and the corrected events' keys are those ids: every other work row is a corrected event's, and
a corrected event missing from the work table (excluded, renamed) has no row to keep anywhere.
--}}
DELETE FROM {{stage_table}}
{{#if touched_ids}}
WHERE ({{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}} WHERE {{in_days (ident partition_by) ranges}})
  OR {{ident unique_key}} IN {{list touched_ids}})
{{else}}
WHERE {{ident unique_key}} IN (SELECT {{ident unique_key}} FROM {{work_table}})
{{/if}}
{{#if moved_within}}
  AND {{in_days (ident partition_by) moved_within}}
{{/if}}
;
{{#if touched}}
{{!-- Days outside the window where only the corrected events are replaced: their rows go, in those partitions only. --}}
DELETE FROM {{stage_table}}
WHERE {{dispatch "semantics/touched_rows" touched=touched days=event_ranges unique_key=unique_key partition_by=partition_by}};
{{/if}}
MERGE {{stage_table}} AS target
USING {{work_table}} AS source
ON FALSE
WHEN NOT MATCHED BY SOURCE
  AND {{in_days partition_by ranges alias="target"}}
  THEN DELETE
WHEN NOT MATCHED THEN INSERT ROW;
