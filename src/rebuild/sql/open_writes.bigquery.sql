{{!--
Read just before a model's planning state: the creation of the oldest query job still pending or running (a DML
job's CURRENT_TIMESTAMP() is its start; a job runs at most 6 hours, so older ones need not be scanned) and of the
oldest active session (a multi-statement transaction held open across a session's queries takes its
CURRENT_TIMESTAMP() from its start, which is after its session's creation), or now when there is none (minus a
microsecond, as rows are read strictly after the watermark). A side-table row that commits after the planning
snapshot has inserted_at >= this, so a model's watermark never passes it. Needs bigquery.jobs.listAll (BigQuery
Resource Viewer) in the project; `location` is the target's.
--}}
SELECT TIMESTAMP_SUB(LEAST(
  CURRENT_TIMESTAMP(),
  COALESCE((
    SELECT MIN(creation_time) FROM {{region_view location "JOBS_BY_PROJECT"}}
    WHERE creation_time > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 6 HOUR) AND job_type = 'QUERY' AND state <> 'DONE'
  ), CURRENT_TIMESTAMP()),
  COALESCE((
    SELECT MIN(creation_time) FROM {{region_view location "SESSIONS_BY_PROJECT"}}
    WHERE creation_time > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY) AND is_active
  ), CURRENT_TIMESTAMP())
), INTERVAL 1 MICROSECOND) AS open_since
