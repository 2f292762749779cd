{{!-- DuckDB: by the id's hash (semantics/repeated_ids); never NULL, so NOT IN is exact. --}}
hash(c.event_id) {{#unless repeated}}NOT {{/unless}}IN (SELECT id_hash FROM repeated_ids)
