{{!-- One transaction: readers see the old stage table or the complete new one. --}}
DROP TABLE IF EXISTS {{stage_table}};
ALTER TABLE {{next_table}} RENAME TO {{ident stage_name}};
