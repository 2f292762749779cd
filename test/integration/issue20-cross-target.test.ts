/**
 * Issue 20, item 4: the cross-target scenario (test/helpers/scenario.ts: sample events, corrections, both duplicate
 * removals, runs) on BigQuery semantics through the emulator gives the stage tables DuckDB and PostgreSQL give
 * (cross-target.test.ts), row for row. Fewer events than there (the evaluator is slow); values compared as text,
 * since the drivers return INT64 and timestamps in their own JavaScript types.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import type { Row } from '../../src/targets/warehouse';
import { useBigqueryEmulator } from '../helpers/emulator';
import { scenario } from '../helpers/scenario';

useBigqueryEmulator();

const text = (tables: Record<string, Row[]>): Record<string, Array<Record<string, string | null>>> =>
  Object.fromEntries(
    Object.entries(tables).map(([m, rows]) => [
      m,
      rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)]))),
    ]),
  );

it('DuckDB, PostgreSQL and BigQuery (emulator) give identical stage tables for the same events and operations', async () => {
  const duck = await scenario('duckdb', { count: 300 });
  expect(duck['card_shipped']!.length).toBeGreaterThan(80);
  expect(duck['card_shipped']!.filter((r) => r['status'] === 'Failed').length).toBeGreaterThan(0);
  const [pg, bq] = [await scenario('postgres', { count: 300 }), await scenario('bigquery', { count: 300 })];
  expect(pg).toEqual(duck);
  expect(text(bq)).toEqual(text(duck));
}, 600_000);
