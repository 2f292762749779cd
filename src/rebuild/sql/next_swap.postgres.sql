{{!-- One transaction: readers see the old stage table or the complete new one, indexed as full_build leaves it. --}}
DROP TABLE IF EXISTS {{stage_table}};
ALTER TABLE {{next_table}} RENAME TO {{ident stage_name}};
{{dispatch "rebuild/stage_indexes" stage_table=stage_table partition_by=partition_by unique_key=unique_key day_index=day_index}}
