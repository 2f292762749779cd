/**
 * Issue 16, items 4 and 5, after a hostile review of the first fix: a run failing while it plans records its real
 * error; a live `resume` is not marked failed by another process; an entry that cannot be checked (BigQuery, another
 * host) can be closed by hand; listing works for a read-only role; a closed stdout pipe is not a crash.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadEvents } from '../../src/demo/sample-events';
import { ledgerStart } from '../../src/ledger/ledger';
import { operationAlive } from '../../src/ledger/liveness';
import { markEntryFailed, repairLedger } from '../../src/operations/recover';
import { AS_OF, BIN, cli, copyProject, jsonLines, query, removeDir, SEED_EVENTS, seededProject, type CliResult } from '../helpers/cli';
import { TestWarehouse } from '../helpers/project';

const ok = (r: CliResult): CliResult => {
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r;
};

type Q = (sql: string) => Promise<Array<Record<string, unknown>>>;

async function newest(q: Q, command: string): Promise<Record<string, unknown>> {
  const [row] = await q(`SELECT operation_id, status, error FROM backfill.operations WHERE command = '${command}' ORDER BY started_at DESC LIMIT 1`);
  return row!;
}

const UPDATE = ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c1, c3], set: {$.Status: Audited}, description: audit}'];

describe('duckdb', () => {
  let seeded: string;
  let dir: string;
  const q: Q = async (sql) => (await query(dir, sql)) as Array<Record<string, unknown>>;
  beforeAll(async () => {
    seeded = await seededProject();
  });
  afterAll(() => removeDir(seeded));
  beforeEach(() => {
    dir = copyProject(seeded);
  });
  afterEach(() => removeDir(dir));

  it('defect 1: a run failing while it plans (a framework table altered) records failed with the real error, never left running', async () => {
    ok(cli(dir, ['run', '--as-of', AS_OF]));
    // A framework table altered (the event tables' columns are checked before a run starts: see issue 18's adoption).
    await q('ALTER TABLE backfill.model_watermarks RENAME COLUMN watermark TO x');
    const r = cli(dir, ['run', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    const entry = await newest(q, 'run');
    expect(entry['status']).toBe('failed');
    expect(String(entry['error'])).toMatch(/^card_shipped: .*watermark/);
    expect(String(entry['error'])).not.toContain('\n');
    expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
  });

  it('defect 3: --mark-failed needs an id, an id needs --mark-failed, --force needs --mark-failed (exit 2)', () => {
    for (const args of [['operations', 'repair', '--mark-failed'], ['operations', 'repair', 'abc'], ['operations', 'repair', '--force']]) {
      const r = cli(dir, args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error: .*--mark-failed|^error: --force/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('defect 5: `operations | head -1`: stdout closed after the first line is not a crash (exit 0, no stack trace)', async () => {
    await q(
      "INSERT INTO backfill.operations (operation_id, command, status, started_at, run_by) SELECT 'op-' || CAST(i AS VARCHAR), 'run', 'succeeded', TIMESTAMP '2026-11-01 00:00:00' + i * INTERVAL 1 SECOND, 'x' FROM range(4000) t(i)",
    );
    const child = spawn(process.execPath, [BIN, 'operations', '--limit', '5000', '--project-dir', dir], { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
    let first = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString().split('\n')[0]!;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    // The list's header row comes first (issue 21), then op-3999 … op-0: the pipe closes after it.
    expect(first).toMatch(/^ID +STARTED \(UTC\) +STATUS +COMMAND +BY/);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('defect 5: `run-operation … | head -0` (stdout closed before any line): its own exit code, its work committed', async () => {
    const child = spawn(process.execPath, [BIN, ...UPDATE, '--project-dir', dir], { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect((await newest(q, 'run-operation'))['status']).toBe('succeeded');
  });
});

describe('without session locks (as BigQuery): the operation lease, and operations repair <id> --mark-failed', () => {
  let tw: TestWarehouse;
  const q: Q = async (sql) => (await tw.query(sql)) as Array<Record<string, unknown>>;
  beforeEach(async () => {
    tw = await TestWarehouse.create(new Date(AS_OF));
    Object.defineProperty(tw.wh, 'adapter', { value: { ...tw.wh.adapter, sessionLocks: false } }); // the runner now takes lease rows, as on BigQuery
  });
  afterEach(async () => {
    await tw.close();
  });
  const stuck = async (id: string): Promise<void> => {
    await q(`INSERT INTO backfill.operations (operation_id, command, status, started_at, run_by, host, pid) VALUES ('${id}', 'run', 'running', TIMESTAMP '2026-11-23 11:00:00', 'ci@runner-7', 'runner-7', 4242)`);
  };
  const lease = (id: string, expires: string): Promise<unknown> =>
    q(`INSERT INTO backfill.leases VALUES ('operation:${id}', 'h1', 'ci@runner-7', TIMESTAMP '2026-11-23 11:00:00', TIMESTAMP '${expires}')`);

  it('an operation holds a lease on itself from its start to its finish', async () => {
    const finish = await ledgerStart(tw.wh, tw.ctx, { operationId: 'lease-op', command: 'run', macro: null, args: {}, statements: [] });
    expect(await q("SELECT resource, holder_info FROM backfill.leases WHERE resource = 'operation:lease-op'")).toEqual([{ resource: 'operation:lease-op', holder_info: expect.stringContaining('@') }]);
    await finish('succeeded', {});
    expect(await q("SELECT resource FROM backfill.leases WHERE resource = 'operation:lease-op'")).toEqual([]);
  });

  it('an entry from another host whose lease has expired: repair (automatic) leaves it, --mark-failed closes it', async () => {
    await stuck('bq-1');
    await lease('bq-1', '2000-01-01 00:00:00');
    const op = (await q("SELECT * FROM backfill.operations WHERE operation_id = 'bq-1'"))[0]!;
    expect(await operationAlive(tw.wh, op)).toBe(true); // cannot be told automatically
    expect(await repairLedger(tw.wh, tw.ctx)).toEqual([]);
    const r = await markEntryFailed(tw.wh, tw.ctx, 'bq-1', false);
    expect(r).toMatchObject({ repaired: 'bq-1', status: 'failed', message: expect.stringContaining("marked failed; resume it with 'backfill resume bq-1'") });
    const [row] = await q("SELECT status, error FROM backfill.operations WHERE operation_id = 'bq-1'");
    expect(row).toEqual({ status: 'failed', error: "marked failed by 'operations repair --mark-failed': its process (pid 4242 on runner-7) did not finish it" });
    await expect(markEntryFailed(tw.wh, tw.ctx, 'bq-1', false)).rejects.toThrow(/is failed, not running: nothing to mark failed/);
  });

  it('--mark-failed is refused while the lease is held, unless --force', async () => {
    await stuck('bq-2');
    await lease('bq-2', '2999-01-01 00:00:00');
    await expect(markEntryFailed(tw.wh, tw.ctx, 'bq-2', false)).rejects.toThrow(/bq-2 \(run\) may still be running: its lease is held by ci@runner-7 since .*; wait for it, or add --force/);
    expect((await q("SELECT status FROM backfill.operations WHERE operation_id = 'bq-2'"))[0]!['status']).toBe('running');
    expect(await markEntryFailed(tw.wh, tw.ctx, 'bq-2', true)).toMatchObject({ status: 'failed' });
    expect((await q("SELECT error FROM backfill.operations WHERE operation_id = 'bq-2'"))[0]!['error']).toContain('--mark-failed --force');
  });
});

describe('postgres', () => {
  let tw: TestWarehouse;
  const q: Q = async (sql) => (await tw.query(sql)) as Array<Record<string, unknown>>;
  const urlEnv = (): string => (tw.ctx.project.target as { connection_env: string }).connection_env;
  beforeEach(async () => {
    tw = await TestWarehouse.create(new Date(AS_OF), { target: 'postgres' });
    await loadEvents(tw.wh, tw.ctx, SEED_EVENTS);
  });
  afterEach(async () => {
    await tw.close();
  });

  it('defect 1: a framework table altered, run fails while planning: the entry is failed with the real error', async () => {
    ok(cli(tw.dir, ['run', '--as-of', AS_OF]));
    await q('ALTER TABLE backfill.model_watermarks RENAME COLUMN watermark TO x');
    expect(cli(tw.dir, ['run', '--as-of', AS_OF]).status).toBe(1);
    const entry = await newest(q, 'run');
    expect(entry['status']).toBe('failed');
    expect(String(entry['error'])).toMatch(/^card_shipped: .*watermark/);
  });

  it('defect 4: a read-only role lists the ledger: the recoverable entry is shown interrupted, with one note to repair', async () => {
    ok(cli(tw.dir, UPDATE));
    const id = String((await newest(q, 'run-operation'))['operation_id']);
    await q(`UPDATE backfill.operations SET status = 'running', rows_written = NULL, finished_at = NULL WHERE operation_id = '${id}'`);
    const role = `ro_${process.pid}_${Date.now() % 100000}`;
    const [db] = await q('SELECT current_database() AS d');
    await q(`CREATE ROLE ${role} LOGIN PASSWORD 'ro-pw'`);
    await q(`GRANT CONNECT ON DATABASE "${String(db!['d'])}" TO ${role}`);
    for (const s of ['backfill', 's3', 'kinesis']) await q(`GRANT USAGE ON SCHEMA ${s} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
    const roDir = copyProject(tw.dir);
    const url = new URL(process.env[urlEnv()]!);
    url.username = role;
    url.password = 'ro-pw';
    const env = `${urlEnv()}_RO`;
    process.env[env] = url.toString();
    fs.writeFileSync(path.join(roDir, 'backfill.yml'), fs.readFileSync(path.join(roDir, 'backfill.yml'), 'utf8').replace(urlEnv(), env));
    try {
      const r = cli(roDir, ['operations', '--json']);
      expect(r.status).toBe(0);
      expect(jsonLines(r).find((e) => e['operation_id'] === id)).toMatchObject({ status: 'interrupted' });
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^note: .*permission denied for table operations.*run 'backfill operations repair' with a role that can write/);
      expect((await newest(q, 'run-operation'))['status']).toBe('running'); // nothing written
      // A role that can write settles it.
      expect(ok(cli(tw.dir, ['operations'])).stdout).toContain(`operation ${id} (run-operation update_event_data) had committed its rows`);
    } finally {
      delete process.env[env];
      removeDir(roDir);
      await q(`REASSIGN OWNED BY ${role} TO CURRENT_USER; DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('defect 2: a live resume holds its operation: operations repair from another process leaves it running', async () => {
    const slow = fs.readFileSync(path.join(tw.dir, 'models', 'card_shipped.sql'), 'utf8').replace('from {{events}}', 'from {{events}} cross join (select pg_sleep(0.5)) zz');
    fs.writeFileSync(path.join(tw.dir, 'models', 'card_shipped.sql'), slow);
    const RUN = ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF, '--vars', '{batch_days: 1}'];
    // Killed after its plan of batches and its 1st batch: interrupted, resumable.
    const killed = spawnSync(process.execPath, [BIN, ...RUN, '--project-dir', tw.dir], { encoding: 'utf8', cwd: os.tmpdir(), env: { ...process.env, BACKFILL_TEST_KILL_AFTER_COMMIT: '2' }, timeout: 60_000 });
    expect(killed.signal).toBe('SIGKILL');
    const id = String((await newest(q, 'run'))['operation_id']);
    expect((await newest(q, 'run'))['status']).toBe('running');
    const resume = spawn(process.execPath, [BIN, 'resume', id, '--project-dir', tw.dir], { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
    let resumeErr = '';
    resume.stderr.on('data', (d: Buffer) => (resumeErr += d.toString()));
    const resumed = new Promise<number | null>((resolve) => resume.on('close', (c) => resolve(c)));
    // Wait until the resume is rebuilding (its batches are running), then repair from another process.
    const watcher = new Client({ connectionString: process.env[urlEnv()] });
    await watcher.connect();
    try {
      for (let i = 0; i < 200; i++) {
        const [r] = (await watcher.query("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()")).rows as Array<{ n: string }>;
        if (Number(r!.n) > 0) break;
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await watcher.end();
    }
    const repair = cli(tw.dir, ['operations', 'repair']);
    const during = { status: (await newest(q, 'run'))['status'], resuming: resume.exitCode === null };
    const code = await resumed;
    expect({ repair: repair.stdout, during }).toEqual({ repair: '0 entries repaired\n', during: { status: 'running', resuming: true } });
    expect({ code, resumeErr }).toEqual({ code: 0, resumeErr: '' });
    expect(await newest(q, 'run')).toMatchObject({ status: 'succeeded', error: null });
  });
});
