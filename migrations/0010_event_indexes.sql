{{!--
Indexes for the reads limited to days or to ids, where the target has no partitions or clustering to prune with
(PostgreSQL); empty elsewhere.
--}}
{{dispatch "event_indexes"}}
