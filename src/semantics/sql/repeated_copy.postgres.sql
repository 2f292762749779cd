{{!--
PostgreSQL cannot hash IS NOT DISTINCT FROM: an `=` test against a hashed subplan instead, with the NULL ids (all of
them one partition of the ranking, as GROUP BY groups them) always ranked. NOT IN is exact here: NULL is left out of
the list and of `c`.
--}}
{{#if repeated}}(c.event_id IS NULL OR c.event_id IN (SELECT event_id FROM repeated_ids WHERE event_id IS NOT NULL)){{else}}c.event_id IS NOT NULL AND c.event_id NOT IN (SELECT event_id FROM repeated_ids WHERE event_id IS NOT NULL){{/if}}
