{{!--
See repeated_ids.sql. By a 64-bit hash of the id (`id_hash`), counted over the sorted hashes: a hash table of every
id costs about three times the sort (issue 22's bench). A collision only ranks more ids (a copy ranked alone comes
first), it never lets a copy pass: repeated_copy matches copies by the hash too. The NULL id hashes to NULL, one group;
repeated_copy ranks its copies always.
--}}
SELECT id_hash FROM (SELECT hashtextextended(event_id, 0) AS id_hash FROM copy_src ORDER BY 1 OFFSET 0) AS id_hashes GROUP BY id_hash HAVING COUNT(*) > 1
    {{#if with_actions}}
    UNION ALL
    SELECT hashtextextended(event_id, 0) FROM latest
    {{/if}}
