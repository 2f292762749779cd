/**
 * What only the PostgreSQL target has: advisory locks between processes, clear connection errors, batched loads.
 * CLI cases spawn the real binary against a database on the tests' throwaway server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli, expectUsageError, stderrLines } from '../helpers/cli';
import { event, freshPgDatabase, makeProjectDir, pgServerUrl, TestWarehouse } from '../helpers/project';
import { PASSWORD, PASSWORD_USER } from '../helpers/pg-server';
import type { PostgresTargetConfig } from '../../src/targets/postgres/postgres-config';
import { PostgresDriver } from '../../src/targets/postgres/postgres-driver';

const AS_OF = new Date('2026-11-23T12:00:00Z');

describe('locks', () => {
  let t: TestWarehouse;
  let holder: PostgresDriver;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target: 'postgres' });
    await t.load([event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z' })]);
    const target = t.ctx.project.target as PostgresTargetConfig;
    holder = await PostgresDriver.open({ type: 'postgres', connection_env: target.connection_env }, 'local', 'holder-session-42');
  });
  afterEach(async () => {
    await holder.close();
    await t.close();
  });

  it('a run waits a bounded time for a model another session is rebuilding, then exits 1 naming the holder', async () => {
    const release = await holder.lock('model:card_shipped', { waitSeconds: 0 });
    const started = Date.now();
    const r = cli(t.dir, ['run', '--select', 'card_shipped', '--vars', '{lock_wait_seconds: 1}', '--as-of', AS_OF.toISOString()]);
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stdout).toMatch(/stage\.card_shipped: FAILED model:card_shipped is locked by 'holder-session-42' \(pid \d+/);
    await release();
    const again = cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF.toISOString()]);
    expect(again.status).toBe(0);
  });

  it('two operations cannot interleave: the second waits, then fails clearly and writes nothing', async () => {
    const release = await holder.lock('side-tables', { waitSeconds: 0 });
    t.ctx = { ...t.ctx, project: { ...t.ctx.project, vars: { ...t.ctx.project.vars, lock_wait_seconds: 0.5 } } };
    await expect(t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'a', description: 'x' })).rejects.toThrow(
      /side-tables is locked by 'holder-session-42'/,
    );
    expect(await t.count('s3.backend_events_exclusions')).toBe(0);
    await release();
    const s = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'a', description: 'x' });
    expect(s.rows['s3.backend_events_exclusions']).toBe(1);
  });

  it('releases its lock when done, so the next operation does not wait', async () => {
    await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'a', description: 'x' });
    // Taken without waiting: the operation let go of it.
    const release = await holder.lock('side-tables', { waitSeconds: 0 });
    expect(typeof release).toBe('function');
    await release();
  });
});

describe('batched loads', () => {
  it('writes 1,200 events in 3 multi-row INSERT statements, not one per row', async () => {
    const t = await TestWarehouse.create(AS_OF, { target: 'postgres' });
    try {
      const sent: string[] = [];
      const run = t.wh.run.bind(t.wh);
      t.wh.run = (s) => {
        sent.push(s.sql);
        return run(s);
      };
      await t.load(Array.from({ length: 1200 }, (_, i) => event({ event_id: `e${i}`, event_created_at: '2026-11-20T10:00:00Z' })));
      expect(sent.filter((s) => s.startsWith('INSERT INTO')).length).toBe(3);
      expect(await t.count('kinesis.backend_events')).toBe(1200);
    } finally {
      await t.close();
    }
  });
});

describe('connection problems are one clear line, exit 2', () => {
  const project = (target: string, env: Record<string, string> = {}): string => {
    const dir = makeProjectDir({ yml: `name: t\ntargets:\n  pg: ${target}\n` });
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
    return dir;
  };
  afterAll(() => {
    delete process.env['BF_T_URL'];
    delete process.env['BF_T_PW'];
  });

  it.each([
    ['an unreachable server', '{ type: postgres, connection_env: BF_T_URL }', { BF_T_URL: 'postgres://postgres@127.0.0.1:1/postgres' }, [/--target pg/, /127\.0\.0\.1:1/, /connection refused/]],
    ['a missing environment variable', '{ type: postgres, connection_env: BF_T_MISSING }', {}, [/targets\.pg/, /BF_T_MISSING is not set/]],
    ['a missing password variable', '{ type: postgres, host: 127.0.0.1, user: x, password_env: BF_T_NOPE }', {}, [/targets\.pg/, /BF_T_NOPE is not set/]],
  ])('%s', (_name, target, env, patterns) => {
    const dir = project(target, env);
    try {
      const r = cli(dir, ['migrate']);
      expectUsageError(r, ...patterns);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a wrong password (and only then a stack trace with --debug)', () => {
    const url = new URL(pgServerUrl());
    const dir = project(`{ type: postgres, host: 127.0.0.1, port: ${url.port}, database: postgres, user: ${PASSWORD_USER}, password_env: BF_T_PW }`, { BF_T_PW: 'wrong' });
    try {
      expectUsageError(cli(dir, ['migrate']), /--target pg/, /password authentication failed/);
      const debug = cli(dir, ['migrate', '--debug']);
      expect(debug.status).toBe(2);
      expect(stderrLines(debug).length).toBeGreaterThan(1);
      process.env['BF_T_PW'] = PASSWORD;
      expect(cli(dir, ['migrate', '--create-original']).status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('the test server is real: the stage tables live in PostgreSQL', async () => {
  const [env, drop] = await freshPgDatabase();
  const dir = makeProjectDir({ pgUrlEnv: env });
  try {
    expect(cli(dir, ['migrate', '--create-original']).status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'warehouse.duckdb'))).toBe(false);
    const r = cli(dir, ['run', '--json']);
    expect(r.status).toBe(0);
    const { Client } = await import('pg');
    const c = new Client({ connectionString: process.env[env] });
    await c.connect();
    const res = await c.query("SELECT to_regclass('stage.card_shipped') IS NOT NULL AS ok, current_setting('server_version_num') AS v");
    await c.end();
    expect(res.rows[0].ok).toBe(true);
    expect(Number(res.rows[0].v)).toBeGreaterThanOrEqual(130000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await drop();
  }
});
