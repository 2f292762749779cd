{{!-- Stage rows of the corrected events (`touched`) on `days`: what a day corrected event by event replaces. --}}
{{ident unique_key}} IN ({{dispatch "semantics/touched_ids" since=touched.since upto=touched.upto ids=touched.ids}}) AND {{in_days (ident partition_by) days}}
