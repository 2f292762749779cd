{{!--
The ids of copy_src delivered more than once (effective_events, rank_repeated_only); `with_actions`: and the ids with
an action (`latest`), which rank_repeated_only's pass-through leaves out too.
--}}
SELECT event_id FROM copy_src GROUP BY event_id HAVING COUNT(*) > 1
    {{#if with_actions}}
    UNION ALL
    SELECT event_id FROM latest
    {{/if}}
