{{!-- Whether copy `c` is of an id delivered more than once (`repeated`), or of one delivered once (effective_events, rank_repeated_only). --}}
{{#unless repeated}}NOT {{/unless}}EXISTS (SELECT 1 FROM repeated_ids r WHERE r.event_id IS NOT DISTINCT FROM c.event_id)
