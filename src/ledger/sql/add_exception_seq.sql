{{!-- Adoption of an existing exceptions table: migration 0007's write-order column, the target's counter as its default. --}}
{{dispatch "ledger/exception_seq_column" seq=seq seq_name=seq_name}}
