{{!--
DuckDB: the 64-bit hashes of the ids delivered more than once, not the ids: grouping integers instead of every id's
text takes the full rebuild's count from 38.7 s to 25.2 s of CPU at 100M events (25M ids), and the matches with it
(semantics/repeated_copy) are integer joins too. A hash shared by two ids only sends a copy delivered once to the
ranking, where it is alone in its id's partition and ranked first: the result is the same. hash(NULL) is a value,
so the NULL ids are grouped together as GROUP BY groups them.
--}}
SELECT hash(event_id) AS id_hash FROM copy_src GROUP BY id_hash HAVING COUNT(*) > 1
    {{#if with_actions}}
    UNION ALL
    SELECT hash(event_id) FROM latest
    {{/if}}
