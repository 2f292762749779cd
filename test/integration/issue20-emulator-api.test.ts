/**
 * Issue 20: the BigQuery emulator's REST surface and execution, through the real @google-cloud/bigquery client:
 * DDL, DML counts, column defaults, the one MERGE shape (any other refused), transactions in sessions, temp
 * tables, INFORMATION_SCHEMA.COLUMNS, dry runs, paging, load jobs and errors as BigQuery returns them.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { BigqueryEmulator } from '../../src/emulator/bigquery/server';
import { AttachedService } from '../../src/zetasql/service';

let emulator: BigqueryEmulator;
let bq: BigQuery;

beforeAll(async () => {
  emulator = new BigqueryEmulator(new AttachedService(Number(process.env['BACKFILL_ZETASQL_PORT'])));
  const apiEndpoint = await emulator.start();
  bq = new BigQuery({ projectId: 'p', apiEndpoint, location: 'EU', authClient: { getRequestHeaders: async () => ({}) } as never, retryOptions: { autoRetry: false, maxRetries: 0 } });
  await q('CREATE SCHEMA IF NOT EXISTS ds; CREATE TABLE ds.t (id STRING, n INT64, ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP()) PARTITION BY DATE(ts)');
});
afterAll(() => emulator.stop());

type Options = { params?: Record<string, unknown>; session?: string; createSession?: boolean; dryRun?: boolean };

async function job(sql: string, o: Options = {}): Promise<{ rows: Record<string, unknown>[]; meta: Record<string, any> }> {
  const [j] = await bq.createQueryJob({
    query: sql, params: o.params, dryRun: o.dryRun, createSession: o.createSession,
    ...(o.session ? { connectionProperties: [{ key: 'session_id', value: o.session }] } : {}),
  } as never);
  if (o.dryRun) return { rows: [], meta: j.metadata };
  const [rows] = await j.getQueryResults();
  const [meta] = await j.getMetadata();
  return { rows: rows as Record<string, unknown>[], meta };
}
const q = async (sql: string, o: Options = {}): Promise<Record<string, unknown>[]> => (await job(sql, o)).rows;
type Failure = { code?: number; message: string; errors?: Array<{ reason?: string }> };
/** A job that fails: jobs.insert answers with the job DONE and its errorResult (no HTTP status, as BigQuery does). */
const failure = (sql: string): Promise<Failure> => job(sql).then(() => { throw new Error(`no error for ${sql}`); }, (e: Failure) => e);
/** The same through jobs.query, which answers the HTTP error itself. */
const httpFailure = (sql: string): Promise<Failure> => bq.query({ query: sql }).then(() => { throw new Error(`no error for ${sql}`); }, (e: Failure) => e);

it('INSERT fills omitted DEFAULT columns; INSERT, UPDATE and DELETE report their row counts; SELECT takes named parameters', async () => {
  const ins = await job("INSERT INTO ds.t (id, n) VALUES ('a', 1), ('b', 2), ('c', 3)");
  expect(ins.meta.statistics.query).toMatchObject({ statementType: 'INSERT', numDmlAffectedRows: '3' });
  const up = await job('UPDATE `p`.`ds`.`t` SET n = n * 10 WHERE n >= @min', { params: { min: 2 } });
  expect(up.meta.statistics.query.numDmlAffectedRows).toBe('2');
  expect((await job("DELETE FROM ds.t WHERE id = 'a'")).meta.statistics.query.numDmlAffectedRows).toBe('1');
  const rows = await q('SELECT t.id, t.n, t.ts IS NOT NULL AS stamped FROM `ds`.`t` ORDER BY id');
  expect(rows).toEqual([{ id: 'b', n: 20, stamped: true }, { id: 'c', n: 30, stamped: true }]);
  await q("DELETE FROM ds.t WHERE TRUE");
});

it('executes MERGE … ON FALSE WHEN NOT MATCHED BY SOURCE AND … THEN DELETE WHEN NOT MATCHED THEN INSERT ROW; refuses any other MERGE', async () => {
  await q("INSERT INTO ds.t (id, n, ts) VALUES ('old1', 1, TIMESTAMP '2026-11-01'), ('old2', 2, TIMESTAMP '2026-11-02'); CREATE TABLE ds.w AS SELECT 'new' AS id, 9 AS n, TIMESTAMP '2026-11-02' AS ts");
  const merged = await job("MERGE ds.t AS target USING ds.w AS source ON FALSE WHEN NOT MATCHED BY SOURCE AND DATE(target.ts) = '2026-11-02' THEN DELETE WHEN NOT MATCHED THEN INSERT ROW");
  expect(merged.meta.statistics.query.numDmlAffectedRows).toBe('2');
  expect(await q('SELECT id FROM ds.t ORDER BY id')).toEqual([{ id: 'new' }, { id: 'old1' }]);
  const e = await httpFailure('MERGE ds.t AS target USING ds.w AS source ON target.id = source.id WHEN MATCHED THEN UPDATE SET n = source.n');
  expect([e.code, e.errors?.[0]?.reason]).toEqual([400, 'invalidQuery']);
  expect(e.message).toMatch(/executes only MERGE … ON FALSE/);
  await q('DELETE FROM ds.t WHERE TRUE; DROP TABLE ds.w');
});

it('BEGIN … ROLLBACK in a session restores the tables, COMMIT keeps the writes; temp tables live in their session', async () => {
  const opened = await job('SELECT 1 AS one', { createSession: true });
  const session = String(opened.meta.statistics.sessionInfo.sessionId);
  await q("BEGIN TRANSACTION", { session });
  await q("INSERT INTO ds.t (id, n) VALUES ('rolled back', 1)", { session });
  await q('ROLLBACK TRANSACTION', { session });
  await q("BEGIN TRANSACTION; INSERT INTO ds.t (id, n) VALUES ('kept', 2); COMMIT TRANSACTION", { session });
  expect(await q('SELECT id FROM ds.t')).toEqual([{ id: 'kept' }]);
  await q('CREATE TEMP TABLE scratch AS SELECT id FROM ds.t', { session });
  expect(await q('SELECT COUNT(*) AS n FROM scratch', { session })).toEqual([{ n: 1 }]);
  expect((await failure('SELECT * FROM scratch')).message).toMatch(/Table not found: scratch/);
  await q('CALL BQ.ABORT_SESSION()', { session });
  const gone = await job('SELECT 1', { session }).then(() => null, (e: Failure) => e);
  expect(gone?.message).toBe(`Session ${session} not found or expired`);
  await q('DELETE FROM ds.t WHERE TRUE');
});

it('ALTER TABLE ADD COLUMN [IF NOT EXISTS] and INFORMATION_SCHEMA.COLUMNS as the framework reads them', async () => {
  await q('ALTER TABLE ds.t ADD COLUMN IF NOT EXISTS note STRING; ALTER TABLE ds.t ADD COLUMN IF NOT EXISTS note STRING');
  const cols = await q('SELECT column_name, data_type, is_partitioning_column FROM `ds`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @t ORDER BY ordinal_position', { params: { t: 't' } });
  expect(cols).toEqual([
    { column_name: 'id', data_type: 'STRING', is_partitioning_column: 'NO' }, { column_name: 'n', data_type: 'INT64', is_partitioning_column: 'NO' },
    { column_name: 'ts', data_type: 'TIMESTAMP', is_partitioning_column: 'YES' }, { column_name: 'note', data_type: 'STRING', is_partitioning_column: 'NO' },
  ]);
  const e = await httpFailure('SELECT * FROM `nope`.INFORMATION_SCHEMA.COLUMNS');
  expect([e.code, e.errors?.[0]?.reason, e.message]).toEqual([404, 'notFound', 'Not found: Dataset p:nope was not found in location EU']);
});

it('answers errors as BigQuery does: an analyzer error is 400 invalidQuery with its position; a duplicate table is 409', async () => {
  const e = await httpFailure('SELECT 1;\nSELECT missing_column FROM ds.t');
  expect([e.code, e.errors?.[0]?.reason]).toEqual([400, 'invalidQuery']);
  expect((await failure('SELECT missing_column FROM ds.t')).errors?.[0]?.reason).toBe('invalidQuery');
  expect(e.message).toBe('Unrecognized name: missing_column at [2:8]');
  const dup = await httpFailure('CREATE TABLE ds.t (x INT64)');
  expect([dup.code, dup.errors?.[0]?.reason, dup.message]).toEqual([409, 'duplicate', 'Already Exists: Table p:ds.t']);
});

it('a dry run analyzes without applying; results are paged; a load job appends NDJSON rows', async () => {
  const dry = await job("INSERT INTO ds.t (id, n) VALUES ('dry', 1)", { dryRun: true });
  expect(dry.meta.statistics.query.statementType).toBe('INSERT');
  expect(await q("SELECT COUNT(*) AS n FROM ds.t WHERE id = 'dry'")).toEqual([{ n: 0 }]);
  const [paged] = await bq.createQueryJob({ query: 'SELECT x FROM UNNEST(GENERATE_ARRAY(1, 5)) AS x ORDER BY x' });
  const [page1, next] = await paged.getQueryResults({ maxResults: 2, autoPaginate: false });
  expect(page1).toEqual([{ x: 1 }, { x: 2 }]);
  const [page2] = await paged.getQueryResults({ ...(next as object), autoPaginate: false });
  expect(page2).toEqual([{ x: 3 }, { x: 4 }]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emu-load-')), 'rows.ndjson');
  fs.writeFileSync(file, '{"id":"l1","n":1,"ts":"2026-11-20T10:00:00.123456Z"}\n{"id":"l2","n":2,"ts":null}\n');
  await bq.dataset('ds').table('t').load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND', schema: { fields: [{ name: 'id', type: 'STRING' }, { name: 'n', type: 'INT64' }, { name: 'ts', type: 'TIMESTAMP' }] } });
  const loaded = await q("SELECT id, n, FORMAT_TIMESTAMP('%F %H:%M:%E6S', ts) AS ts FROM ds.t WHERE id LIKE 'l%' ORDER BY id");
  expect(loaded).toEqual([{ id: 'l1', n: 1, ts: '2026-11-20 10:00:00.123456' }, { id: 'l2', n: 2, ts: null }]);
});
