{{!-- The ids delivered more than once among the copies (effective_events, rank_repeated_only); semantics/repeated_copy matches a copy with them. --}}
SELECT event_id FROM copy_src GROUP BY event_id HAVING COUNT(*) > 1
