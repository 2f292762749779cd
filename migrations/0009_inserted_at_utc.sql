{{!--
A side-table row's inserted_at in UTC whatever the writing session's time zone (DuckDB: CURRENT_TIMESTAMP into a
TIMESTAMP column takes the session's TimeZone, so a row written from a shell west of UTC looked hours older than the
watermark and a targeted run missed it). PostgreSQL (timestamptz) and BigQuery hold a point in time: nothing there.
--}}
{{dispatch "inserted_at_utc"}}
