/**
 * Issue 20: the emulator's bytes as BigQuery's on-demand pricing counts them (src/emulator/bigquery/bytes.ts): the
 * documented size of each referenced column's values (STRING 2 + UTF-8 bytes, TIMESTAMP 8, JSON its text, NULL 0, …)
 * over the partitions the statement's constant filters leave; DML also every column of the partitions it modifies.
 * Dry runs and finished jobs (jobs.query, jobs.insert, getQueryResults) report the same figure.
 */
jest.mock('teeny-request', () => require('../../helpers/bigquery-mock').nativeTeenyRequest());

import { valueBytes } from '../../../src/emulator/bigquery/bytes';
import type { TypeProto } from '../../../src/zetasql/types';
import { useBigqueryEmulator } from '../../helpers/emulator';

useBigqueryEmulator();

interface Stats { processed: number; billed: number }

/** One job through the REST API: jobs.insert (dry run or not); its statistics, and getQueryResults' figure too. */
async function job(query: string, dryRun = false): Promise<Stats> {
  const api = `${process.env['BACKFILL_BIGQUERY_EMULATOR']}/bigquery/v2/projects/p`;
  const res = (await (await fetch(`${api}/jobs`, { method: 'POST', body: JSON.stringify({ configuration: { query: { query, useLegacySql: false }, dryRun } }) })).json()) as {
    error?: { message: string };
    jobReference?: { jobId: string };
    statistics: { totalBytesProcessed: string; query: { totalBytesProcessed: string; totalBytesBilled: string } };
  };
  if (res.error) throw new Error(res.error.message);
  const processed = Number(res.statistics.totalBytesProcessed);
  expect(Number(res.statistics.query.totalBytesProcessed)).toBe(processed);
  if (!dryRun) {
    const page = (await (await fetch(`${api}/queries/${res.jobReference!.jobId}`)).json()) as { totalBytesProcessed: string };
    expect(Number(page.totalBytesProcessed)).toBe(processed);
  }
  return { processed, billed: Number(res.statistics.query.totalBytesBilled) };
}

/** The bytes of a query, asserted equal between its dry run and its run. */
async function bytes(query: string): Promise<number> {
  const dry = await job(query, true);
  const ran = await job(query);
  expect(ran.processed).toBe(dry.processed);
  return ran.processed;
}

const MB = 1024 * 1024;

beforeAll(async () => {
  // 3 columns, 3 days. ts: 8 bytes a row. name: 'abc' 2+3, NULL 0, 'é' 2+2 (UTF-8). payload: '{"a":1}' 7, '[1,2]' 5, NULL 0.
  for (const sql of [
    'CREATE SCHEMA ds',
    'CREATE TABLE ds.t (ts TIMESTAMP, name STRING, payload JSON) PARTITION BY DATE(ts)',
    'CREATE TABLE ds.u (name STRING)',
    `INSERT INTO ds.t VALUES (TIMESTAMP '2026-11-01 10:00:00+00', 'abc', JSON '{"a":1}'), (TIMESTAMP '2026-11-02 10:00:00+00', NULL, JSON '[1,2]'), (TIMESTAMP '2026-11-03 23:59:59+00', 'é', NULL)`,
    "INSERT INTO ds.u VALUES ('abcdefgh')",
  ]) await job(sql);
});

it('counts the referenced columns only, by their documented sizes, NULL as 0', async () => {
  expect(await bytes('SELECT name FROM ds.t')).toBe(5 + 0 + 4);
  expect(await bytes('SELECT payload FROM ds.t')).toBe(7 + 5 + 0);
  expect(await bytes('SELECT * FROM ds.t')).toBe(24 + 9 + 12);
  expect(await bytes('SELECT COUNT(*) AS n FROM ds.t')).toBe(0);
  expect(await bytes('SELECT t.name FROM ds.t JOIN ds.u USING (name)')).toBe(9 + 10);
});

it('a constant filter on the partition column reads its days only; any other filter reads every partition', async () => {
  const day2 = "ts >= TIMESTAMP '2026-11-02 00:00:00+00' AND ts < TIMESTAMP '2026-11-03 00:00:00+00'";
  // The filtered column counts too: ts (8) and name (NULL: 0) of day 2.
  expect(await bytes(`SELECT name FROM ds.t WHERE ${day2}`)).toBe(8);
  expect(await bytes(`SELECT name FROM ds.t WHERE (${day2}) OR ts BETWEEN TIMESTAMP '2026-11-03' AND TIMESTAMP '2026-11-03 12:00:00+00'`)).toBe(8 + 8 + 4);
  expect(await bytes("SELECT name FROM ds.t WHERE ts > TIMESTAMP '2026-11-02 00:00:00+00'")).toBe(16 + 4);
  expect(await bytes("SELECT name FROM ds.t WHERE name = 'abc'")).toBe(9);
  expect(await bytes(`SELECT name FROM ds.t WHERE ts < (SELECT MAX(ts) FROM ds.t)`)).toBe(24 + 9 + 24);
  expect(await bytes('SELECT name FROM ds.t WHERE FALSE UNION ALL SELECT name FROM ds.u')).toBe(10);
});

it('DML counts every column of the partitions it modifies; DDL is free; CTAS counts its query', async () => {
  expect(await bytes("DELETE FROM ds.t WHERE ts >= TIMESTAMP '2026-11-03 00:00:00+00' AND name = 'zzz'")).toBe(8 + 4 + 0);
  expect(await bytes('CREATE TABLE ds.c AS SELECT name FROM ds.t')).toBe(9);
  expect(await bytes('CREATE TABLE ds.d (x INT64)')).toBe(0);
  expect(await bytes("INSERT INTO ds.u (name) VALUES ('x')")).toBe(0);
  // A script: the sum of its statements, each counted before it runs.
  expect(await bytes("SELECT name FROM ds.t; SELECT name FROM ds.u")).toBe(9 + 10 + 3);
});

it('bills at least 10 MB per table referenced and per query (rounded up to MB), nothing for a dry run', async () => {
  expect(await job('SELECT name FROM ds.t')).toEqual({ processed: 9, billed: 10 * MB });
  expect(await job('SELECT t.name FROM ds.t JOIN ds.u USING (name)')).toEqual({ processed: 9 + 13, billed: 20 * MB });
  expect(await job('SELECT 1 AS x')).toEqual({ processed: 0, billed: 0 });
  expect((await job('SELECT name FROM ds.t', true)).billed).toBe(0);
});

it('sizes every type as the pricing page lists them', () => {
  const t = (typeKind: string, more: object = {}): TypeProto => ({ typeKind, ...more }) as TypeProto;
  expect(valueBytes({ int64Value: '7' }, t('TYPE_INT64'))).toBe(8);
  expect(valueBytes({ doubleValue: 1.5 }, t('TYPE_DOUBLE'))).toBe(8);
  expect(valueBytes({ boolValue: false }, t('TYPE_BOOL'))).toBe(1);
  expect(valueBytes({ numericValue: Buffer.from([1]) }, t('TYPE_NUMERIC'))).toBe(16);
  expect(valueBytes({ bignumericValue: Buffer.from([1]) }, t('TYPE_BIGNUMERIC'))).toBe(32);
  expect(valueBytes({ dateValue: 20000 }, t('TYPE_DATE'))).toBe(8);
  expect(valueBytes({ bytesValue: Buffer.from('abc') }, t('TYPE_BYTES'))).toBe(5);
  expect(valueBytes({ stringValue: '日本' }, t('TYPE_STRING'))).toBe(2 + 6);
  expect(valueBytes({ jsonValue: '{"k":"é"}' }, t('TYPE_JSON'))).toBe(10);
  expect(valueBytes({}, t('TYPE_STRING'))).toBe(0);
  const ints = t('TYPE_ARRAY', { arrayType: { elementType: t('TYPE_INT64') } });
  expect(valueBytes({ arrayValue: { element: [1, 2, 3, 4].map((i) => ({ int64Value: String(i) })) } }, ints)).toBe(32);
  const pair = t('TYPE_STRUCT', { structType: { field: [{ fieldName: 'a', fieldType: t('TYPE_STRING') }, { fieldName: 'b', fieldType: t('TYPE_INT64') }] } });
  expect(valueBytes({ structValue: { field: [{ stringValue: 'x' }, {}] } }, pair)).toBe(3);
});
