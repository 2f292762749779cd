{{!--
By the id's hash (repeated_ids.postgres.sql), tested against a hashed subplan: PostgreSQL cannot hash IS NOT DISTINCT
FROM. The NULL ids (all of them one partition of the ranking, as GROUP BY groups them) are always ranked. NOT IN is
exact here: NULL is left out of the list and of `c`.
--}}
{{#if repeated}}(c.event_id IS NULL OR hashtextextended(c.event_id, 0) IN (SELECT id_hash FROM repeated_ids WHERE id_hash IS NOT NULL)){{else}}c.event_id IS NOT NULL AND hashtextextended(c.event_id, 0) NOT IN (SELECT id_hash FROM repeated_ids WHERE id_hash IS NOT NULL){{/if}}
