/**
 * Issue 20 with issue 18 on BigQuery semantics (the emulator): the runbook's event tables created by hand with
 * exactly the runbook's columns and rows, `backfill migrate` appends the framework's columns (ALTER TABLE … ADD
 * COLUMN, then SET DEFAULT) without touching a row, a run applies the hand-written exception and exclusion, and the
 * runbook's own INSERT … SELECT with JSON_SET afterwards gets inserted_at from the default and reaches the next run.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import { openWarehouse } from '../../src/targets/registry';
import type { Row } from '../../src/targets/warehouse';
import { runCli } from '../helpers/bigquery';
import { useBigqueryEmulator } from '../helpers/emulator';
import { contextFor, makeProjectDir } from '../helpers/project';

useBigqueryEmulator();

const AS_OF = '2026-11-23T12:00:00Z';
const EVENT = 'event_id STRING, event_created_at TIMESTAMP, event_name STRING, user_id STRING, event_external_reference_id STRING, event_advisor_id STRING, event_data JSON, event_ingested_at TIMESTAMP';
const RUNBOOK_TABLES = [
  'CREATE SCHEMA kinesis', 'CREATE SCHEMA s3',
  `CREATE TABLE kinesis.backend_events (${EVENT}) PARTITION BY DATE(event_created_at)`,
  `CREATE TABLE s3.backend_events_exceptions (${EVENT}, exception_added_timestamp TIMESTAMP, exception_description STRING, is_event_update BOOL)`,
  'CREATE TABLE s3.backend_events_exclusions (event_id STRING, event_created_at TIMESTAMP, event_name STRING, exclusion_added_timestamp TIMESTAMP, exclusion_description STRING)',
];
const orig = (id: string): string =>
  `('${id}', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', 'u1', 'card-${id}', NULL, JSON '{"Status":"Shipped","Carrier":"DHL"}', TIMESTAMP '2026-11-22 10:00:01')`;
const HAND_ROWS = [
  `INSERT INTO kinesis.backend_events VALUES ${['a1', 'a2', 'a3'].map(orig).join(', ')}`,
  `INSERT INTO s3.backend_events_exceptions VALUES ('a1', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', 'u1', 'card-a1', NULL, JSON '{"Status":"Failed","Carrier":"DHL"}', TIMESTAMP '2026-11-22 10:00:01', TIMESTAMP '2026-11-22 11:00:00', 'by hand', TRUE)`,
  `INSERT INTO s3.backend_events_exclusions VALUES ('a2', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-22 11:00:00', 'duplicate')`,
];
/** The runbook's hand-written correction, as issue 19 quotes it (JSON_SET; only the runbook's columns listed). */
const RUNBOOK_INSERT = `INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update)
SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, JSON_SET(event_data, '$.Status', 'Lost'), event_ingested_at, TIMESTAMP '2026-11-23 09:00:00', 'lost in transit', TRUE
FROM kinesis.backend_events WHERE event_id = 'a3'`;

const yml = (api: string): string =>
  `name: runbook\ntarget: prod\ntargets:\n  prod: { type: bigquery, project: dw-test-project, location: EU, api_endpoint: "${api}", max_retries: 0 }\nvars: { current_date_offset: 3, lock_wait_seconds: 5 }\n`;
const MODEL = `{{config event_name="CardWasShipped"}}
select event_id, event_created_at, {{json_value "event_data" "$.Status"}} as status from {{events}}
`;

it('migrate adopts hand-made BigQuery event tables (columns appended, rows kept); runs apply the runbook rows and its JSON_SET insert', async () => {
  const dir = makeProjectDir({ yml: yml(String(process.env['BACKFILL_BIGQUERY_EMULATOR'])), models: { card_was_shipped_event: MODEL } });
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await openWarehouse(ctx.project, 'backfill test', { ifMissing: 'create' });
  const q = async (sql: string): Promise<Row[]> => [...(await wh.run({ sql, params: {} })).rows];
  const columns = async (table: string): Promise<string[]> => [...((await wh.columns(table)) ?? [])];
  try {
    for (const sql of [...RUNBOOK_TABLES, ...HAND_ROWS]) await q(sql);
    const cli = async (args: string[]): Promise<string> => {
      const res = await runCli(dir, [...args, '--as-of', AS_OF]);
      expect({ args, status: res.status, stderr: res.stderr, stdout: res.status === 0 ? '' : res.stdout }).toEqual({ args, status: 0, stderr: '', stdout: '' });
      return res.stdout;
    };
    await cli(['migrate']);
    expect(await columns('s3.backend_events_exceptions')).toEqual(expect.arrayContaining(['exception_added_timestamp', 'operation_id', 'inserted_at']));
    expect(await columns('s3.backend_events_exclusions')).toEqual(expect.arrayContaining(['operation_id', 'inserted_at']));
    // No row rewritten: the hand-written rows are there, their new columns NULL.
    expect(await q('SELECT event_id, inserted_at, operation_id FROM s3.backend_events_exceptions')).toEqual([{ event_id: 'a1', inserted_at: null, operation_id: null }]);
    expect(await q('SELECT COUNT(*) AS n FROM kinesis.backend_events')).toEqual([{ n: 3 }]);

    await cli(['run']);
    const stage = async (): Promise<Row[]> => q('SELECT event_id, status FROM stage.card_was_shipped_event ORDER BY event_id');
    expect(await stage()).toEqual([{ event_id: 'a1', status: 'Failed' }, { event_id: 'a3', status: 'Shipped' }]);

    await q(RUNBOOK_INSERT);
    expect(await q("SELECT inserted_at IS NOT NULL AS stamped FROM s3.backend_events_exceptions WHERE event_id = 'a3'")).toEqual([{ stamped: true }]);
    await cli(['run']);
    expect(await stage()).toEqual([{ event_id: 'a1', status: 'Failed' }, { event_id: 'a3', status: 'Lost' }]);
  } finally {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
