/**
 * Issue 16, item 2: literals mean the same whatever the PostgreSQL server's `standard_conforming_strings` says.
 * With it off, a plain '…' literal lets `\'` end the string: an imported user_id could run its own statements.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { splitStatements } from '../../src/compiler/sql-text';
import { importEvents } from '../../src/import/import-events';
import { runOperation } from '../../src/operations/run-operation';
import { BigqueryDialect } from '../../src/targets/bigquery/bigquery-dialect';
import { DuckdbDialect } from '../../src/targets/duckdb/duckdb-dialect';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import { PostgresDialect } from '../../src/targets/postgres/postgres-dialect';
import { openWarehouse } from '../../src/targets/registry';
import type { Warehouse } from '../../src/targets/warehouse';
import { event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const HOSTILE_USER = "\\', NULL, NULL, NULL, NULL, NULL, NULL, FALSE, NULL); DELETE FROM s3.backend_events_exclusions; UPDATE backfill.operations SET run_by = $$nobody$$; --";
const TEXTS = ['C:\\temp\\new', "\\'", HOSTILE_USER, "it's", '\\', '\\\\n', "'\\'", 'a\tb\nc', 'E\'x\'', 'plain'];

/** Connection URL of the test's own database, and its name. */
function databaseOf(t: TestWarehouse): { url: string; name: string } {
  const env = (t.ctx.project.target as { connection_env: string }).connection_env;
  const url = process.env[env]!;
  return { url, name: new URL(url).pathname.slice(1) };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('PostgreSQL literals with standard_conforming_strings = off', () => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target: 'postgres' });
    await t.load([event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z' }), event({ event_id: 'b', event_created_at: '2026-11-22T11:00:00Z' })]);
  });
  afterEach(async () => {
    await t.close();
  });

  it('every rendered text literal reads back byte for byte on a session with the option off, and on', async () => {
    const d = new PostgresDialect();
    await withClient(databaseOf(t).url, async (c) => {
      for (const setting of ['off', 'on']) {
        await c.query(`SET standard_conforming_strings = ${setting}`);
        for (const s of TEXTS) {
          const res = await c.query(`SELECT ${d.literal(s)} AS v, ${d.jsonLiteral(JSON.stringify({ s }))} ->> 's' AS j`);
          expect([setting, res.rows[0]]).toEqual([setting, { v: s, j: s }]);
        }
      }
    });
    // Texts without a backslash keep the plain form (goldens do not change); the others are escape strings.
    expect(d.literal("it's")).toBe("'it''s'");
    expect(d.literal('C:\\temp\\new')).toBe("E'C:\\\\temp\\\\new'");
    expect(d.literal("\\'")).toBe("E'\\\\'''");
  });

  /** The hostile import and two operations whose descriptions hold backslashes, on `wh`; then what was stored. */
  async function hostileSequence(wh: Warehouse): Promise<void> {
    await runOperation(wh, t.ctx, 'add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'b', description: 'keep me' });
    const file = path.join(t.dir, 'hostile.ndjson');
    fs.writeFileSync(file, `${JSON.stringify({ event_id: 'h1', event_created_at: '2026-11-22T09:00:00Z', event_name: 'CardWasShipped', user_id: HOSTILE_USER, event_data: { Status: 'New' } })}\n`);
    const imported = await importEvents(wh, t.ctx, file, { description: 'import \\ hostile', mode: 'insert', keepExtra: false });
    expect(imported).toMatchObject({ status: 'succeeded', imported: 1 });
    await runOperation(wh, t.ctx, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a'], set: { '$.Status': 'Fixed' }, description: 'C:\\temp\\new' });
    await runOperation(wh, t.ctx, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a'], set: { '$.Status': 'Again' }, description: "\\'" });

    expect(await t.query('SELECT event_id, exclusion_description FROM s3.backend_events_exclusions')).toEqual([{ event_id: 'b', exclusion_description: 'keep me' }]);
    const ledger = await t.query("SELECT command, run_by, status, args->>'description' AS description FROM backfill.operations ORDER BY started_at");
    expect(ledger.map((r) => [r['command'], r['status'], r['description']])).toEqual([
      ['run-operation', 'succeeded', 'keep me'],
      ['import', 'succeeded', 'import \\ hostile'],
      ['run-operation', 'succeeded', 'C:\\temp\\new'],
      ['run-operation', 'succeeded', "\\'"],
    ]);
    expect(ledger.filter((r) => r['run_by'] === 'nobody')).toEqual([]);
    const exceptions = await t.query('SELECT event_id, user_id, exception_description FROM s3.backend_events_exceptions ORDER BY exception_added_timestamp');
    expect(exceptions).toEqual([
      { event_id: 'h1', user_id: HOSTILE_USER, exception_description: 'import \\ hostile' },
      { event_id: 'a', user_id: 'user-1', exception_description: 'C:\\temp\\new' },
      { event_id: 'a', user_id: 'user-1', exception_description: "\\'" },
    ]);
  }

  it('literals alone are safe: the hostile import and backslash descriptions on a session with the option off', async () => {
    await t.wh.run({ sql: 'SET standard_conforming_strings = off', params: {} });
    expect((await t.query('SHOW standard_conforming_strings'))[0]).toEqual({ standard_conforming_strings: 'off' });
    await hostileSequence(t.wh);
  });

  it('a database whose default is off: each session turns the option on, and the hostile sequence stores every byte', async () => {
    const db = databaseOf(t);
    await withClient(db.url, (c) => c.query(`ALTER DATABASE ${db.name} SET standard_conforming_strings = off`));
    expect(await withClient(db.url, async (c) => (await c.query('SHOW standard_conforming_strings')).rows[0])).toEqual({ standard_conforming_strings: 'off' });
    const wh = await openWarehouse(t.ctx.project, 'issue16 test', { ifMissing: 'refuse' });
    try {
      expect((await wh.run({ sql: 'SHOW standard_conforming_strings', params: {} })).rows[0]).toEqual({ standard_conforming_strings: 'on' });
      await hostileSequence(wh);
    } finally {
      await wh.close();
    }
  });
});

describe('backslashes in DuckDB and BigQuery literals', () => {
  it('DuckDB reads every rendered text back byte for byte', async () => {
    const d = new DuckdbDialect();
    const wh = await DuckdbDriver.open(':memory:');
    try {
      for (const s of TEXTS) {
        const res = await wh.run({ sql: `SELECT ${d.literal(s)} AS v, CAST(${d.jsonLiteral(JSON.stringify({ s }))} ->> 's' AS VARCHAR) AS j`, params: {} });
        expect(res.rows[0]).toEqual({ v: s, j: s });
      }
    } finally {
      await wh.close();
    }
  });

  it('BigQuery escapes a backslash (its literals have backslash escapes), and the statement splitter keeps the literal whole', () => {
    const d = new BigqueryDialect();
    expect(d.backslashEscapes).toBe(true);
    expect(d.literal('C:\\temp\\new')).toBe("'C:\\\\temp\\\\new'");
    expect(d.literal("\\'")).toBe("'\\\\\\''");
    const hostile = `SELECT ${d.literal(HOSTILE_USER)} AS v; SELECT 2`;
    expect(splitStatements(hostile, true)).toEqual([`SELECT ${d.literal(HOSTILE_USER)} AS v`, 'SELECT 2']);
    // PostgreSQL's escape strings split the same with or without backslash escapes.
    const pg = `SELECT ${new PostgresDialect().literal(HOSTILE_USER)} AS v; SELECT 2`;
    expect(splitStatements(pg, false)).toEqual(splitStatements(pg, true));
    expect(splitStatements(pg, false)).toHaveLength(2);
  });
});
