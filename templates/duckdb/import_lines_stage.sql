{{!-- The checked lines into the import's staging table; `detect` flags ids the original already has as updates. --}}
INSERT INTO {{staging}}
SELECT
  (v[1] ->> '$'),
  CAST(CAST((v[2] ->> '$') AS TIMESTAMPTZ) AS TIMESTAMP),
  (v[3] ->> '$'),
  (v[4] ->> '$'),
  (v[5] ->> '$'),
  (v[6] ->> '$'),
  CASE WHEN json_type(v[7]) = 'OBJECT' THEN CAST(v[7] AS VARCHAR) END,
  CAST(CAST((v[8] ->> '$') AS TIMESTAMPTZ) AS TIMESTAMP),
  {{#if detect}}
  EXISTS (SELECT 1 FROM {{tables.original}} o WHERE o.event_id = (v[1] ->> '$'))
  {{else}}
  {{is_update}}
  {{/if}}
FROM {{lines}}
