SELECT COUNT(*) AS row_count, COUNT(*) FILTER (WHERE event_created_at < {{limit}}) AS old_events FROM {{staging}}
