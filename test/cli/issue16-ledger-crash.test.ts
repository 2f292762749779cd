/**
 * Issue 16, items 4 and 5: the ledger after a crash, through the real binary on DuckDB and PostgreSQL.
 * Kills use the test-only hook BACKFILL_TEST_KILL_AFTER_COMMIT=N (src/targets/transaction.ts): the process
 * SIGKILLs itself right after its Nth committed transaction — for every writing command here, the 1st is the one
 * holding its data.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadEvents } from '../../src/demo/sample-events';
import { AS_OF, BIN, cli, copyProject, EXC, EXCL, jsonLines, query, removeDir, SEED_EVENTS, seededProject, type CliResult } from '../helpers/cli';
import { TestWarehouse } from '../helpers/project';

/** Runs the CLI with the kill hook set; it must die by SIGKILL. */
function killedAfterCommit(dir: string, args: readonly string[], commits = 1): void {
  const res = spawnSync(process.execPath, [BIN, ...args, '--project-dir', dir], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, NO_COLOR: '1', BACKFILL_TEST_KILL_AFTER_COMMIT: String(commits) },
    timeout: 60_000,
  });
  expect({ signal: res.signal, stderr: res.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
}

const ok = (r: CliResult): CliResult => {
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r;
};

/** Queries a project's warehouse: the DuckDB file in-process (closed again), or PostgreSQL through the test's warehouse. */
type Q = (sql: string) => Promise<Array<Record<string, unknown>>>;

const SIDE = `SELECT 'exc' AS t, event_id, operation_id, CAST(event_data AS VARCHAR) AS d FROM ${EXC} UNION ALL SELECT 'excl', event_id, operation_id, NULL FROM ${EXCL} ORDER BY 1, 2, 3`;
const sideRows = async (q: Q): Promise<unknown[]> => (await q(SIDE)).map((r) => `${String(r['t'])}:${String(r['event_id'])}:${String(r['operation_id'])}:${String(r['d'])}`);

/** The newest ledger entry of a command (and macro). */
async function newest(q: Q, command: string): Promise<Record<string, unknown>> {
  const [row] = await q(`SELECT operation_id, status, rows_written, error FROM backfill.operations WHERE command = '${command}' ORDER BY started_at DESC LIMIT 1`);
  const rw = row!['rows_written'];
  return { ...row!, rows_written: typeof rw === 'string' ? JSON.parse(rw) : rw };
}

const countBy = async (q: Q, id: string): Promise<Record<string, number>> => {
  const [r] = await q(`SELECT (SELECT COUNT(*) FROM ${EXC} WHERE operation_id = '${id}') AS exc, (SELECT COUNT(*) FROM ${EXCL} WHERE operation_id = '${id}') AS excl`);
  return { [EXC]: Number(r!['exc']), [EXCL]: Number(r!['excl']) };
};

interface Case {
  readonly name: string;
  /** Prepares the project; returns the command to kill. */
  readonly setup: (dir: string) => string[];
  readonly command: string;
}

const opCase = (macro: string, args: string): Case => ({ name: `run-operation ${macro}`, command: 'run-operation', setup: () => ['run-operation', macro, '--as-of', AS_OF, '--args', args] });

const CASES: readonly Case[] = [
  opCase('update_event_data', '{stage_table_name: card_shipped, event_ids: [c1, c3], set: {$.Status: Audited}, description: audit}'),
  opCase('remove_duplicates_by_event_id', '{stage_table_name: card_shipped, lookback_days: 30}'),
  opCase('add_duplicates_to_exclusions', '{stage_table_name: card_shipped, event_ids: [c1, c2], description: dup}'),
  {
    name: 'import',
    command: 'import',
    setup: (dir) => {
      const file = path.join(dir, 'fix.ndjson');
      const line = (id: string): string => JSON.stringify({ event_id: id, event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'Imported' } });
      fs.writeFileSync(file, `${line('c1')}\n${line('n9')}\n`);
      return ['import', file, '--description', 'fix'];
    },
  },
  {
    name: 'import --keep-extra (line reader)',
    command: 'import',
    setup: (dir) => {
      const file = path.join(dir, 'extra.ndjson');
      fs.writeFileSync(file, `${JSON.stringify({ event_id: 'c3', event_created_at: '2026-11-01T09:00:00Z', event_name: 'CardWasShipped', Source: 'mail' })}\n`);
      return ['import', file, '--description', 'fix', '--keep-extra'];
    },
  },
  {
    name: 'apply',
    command: 'apply',
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, 'backfills'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'backfills', '2026-11-23_lost.yml'), 'macro: update_event_data\nargs: { stage_table_name: card_shipped, event_ids: [c1], set: { $.Status: Lost } }\ndescription: lost\nauthor: ana@example.com\n');
      return ['apply', '--as-of', AS_OF];
    },
  },
];

/**
 * Kills the command right after its data commit, then: the ledger entry is succeeded with the rows found by its
 * operation id, and `revert` of it works and puts the side tables back as they were.
 */
async function killedThenReverted(dir: string, q: Q, c: Case): Promise<void> {
  const before = await sideRows(q);
  killedAfterCommit(dir, c.setup(dir));
  const entry = await newest(q, c.command);
  const id = String(entry['operation_id']);
  const committed = await countBy(q, id);
  expect(committed[EXC]! + committed[EXCL]!).toBeGreaterThan(0); // the kill came after the data commit
  expect({ status: entry['status'], rows: entry['rows_written'] }).toEqual({ status: 'succeeded', rows: committed });
  ok(cli(dir, ['revert', id]));
  expect(await sideRows(q)).toEqual(before);
  expect((await newest(q, 'revert'))['status']).toBe('succeeded');
}

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

  describe('item 4: killed right after the data commit, the entry is succeeded with its counts and revertible', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      await killedThenReverted(dir, q, c);
    });

    it('revert killed after its commit: succeeded, and it can itself be reverted (rows back, target succeeded)', async () => {
      ok(cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c1, c2], description: dup}']));
      const target = String((await newest(q, 'run-operation'))['operation_id']);
      const withRows = await sideRows(q);
      killedAfterCommit(dir, ['revert', target]);
      const revert = await newest(q, 'revert');
      expect(revert['status']).toBe('succeeded');
      expect(revert['rows_written']).toEqual({ 'backfill.exclusions_archive': 2, 'backfill.exceptions_archive': 0, [EXC]: 0, [EXCL]: -2 });
      expect(await sideRows(q)).toEqual([]);
      ok(cli(dir, ['revert', String(revert['operation_id'])]));
      expect(await sideRows(q)).toEqual(withRows);
      expect((await q(`SELECT status FROM backfill.operations WHERE operation_id = '${target}'`))[0]!['status']).toBe('succeeded');
    });
  });

  describe('item 4 safety net: an entry left running after its data committed is finished by operations, revert and resume', () => {
    /** An operation whose ledger entry is put back to how a kill between the data commit and the finish left it. */
    const stuck = async (args: string[], command: string): Promise<string> => {
      ok(cli(dir, args));
      const id = String((await newest(q, command))['operation_id']);
      await q(`UPDATE backfill.operations SET status = 'running', rows_written = NULL, finished_at = NULL WHERE operation_id = '${id}'`);
      return id;
    };
    const UPDATE = ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c1, c3], set: {$.Status: Audited}, description: audit}'];
    const counts = { [EXC]: 2, [EXCL]: 0 };

    it('operations finishes it (and says so); revert then works', async () => {
      const id = await stuck(UPDATE, 'run-operation');
      const r = ok(cli(dir, ['operations']));
      expect(r.stdout).toContain(`operation ${id} (run-operation update_event_data) had committed its rows when its process`);
      expect(r.stdout).toMatch(new RegExp(`^${id.slice(0, 8)}  .{19}  succeeded  run-operation update_event_data  \\S+  ${EXC} \\+2, ${EXCL} \\+0  audit$`, 'm'));
      expect(await newest(q, 'run-operation')).toMatchObject({ status: 'succeeded', rows_written: counts });
      ok(cli(dir, ['revert', id]));
      expect(await sideRows(q)).toEqual([]);
    });

    it('revert (also --force) finishes it and reverts it', async () => {
      const id = await stuck(UPDATE, 'run-operation');
      const r = ok(cli(dir, ['revert', id, '--force']));
      expect(r.stdout).toContain(`operation ${id} (run-operation update_event_data) had committed its rows`);
      expect(r.stdout).toContain(`revert ${id}: succeeded`);
      expect(await sideRows(q)).toEqual([]);
      expect((await q(`SELECT status FROM backfill.operations WHERE operation_id = '${id}'`))[0]!['status']).toBe('reverted');
    });

    it('resume finishes it instead of saying nothing was written', async () => {
      const id = await stuck(UPDATE, 'run-operation');
      const r = ok(cli(dir, ['resume', id, '--json']));
      expect(jsonLines(r).pop()).toMatchObject({ operation_id: id, status: 'succeeded', rows: counts, recovered: expect.stringContaining('recorded as succeeded') });
      expect(await newest(q, 'run-operation')).toMatchObject({ status: 'succeeded', rows_written: counts });
    });

    it('a stuck revert (its target marked reverted) is finished by revert of it, which brings the rows back', async () => {
      ok(cli(dir, UPDATE));
      const target = String((await newest(q, 'run-operation'))['operation_id']);
      const withRows = await sideRows(q);
      const revertId = await stuck(['revert', target], 'revert');
      const r = ok(cli(dir, ['revert', revertId]));
      expect(r.stdout).toContain(`operation ${revertId} (revert) had committed its rows`);
      expect(await sideRows(q)).toEqual(withRows);
      const [rv] = await q(`SELECT status, rows_written FROM backfill.operations WHERE operation_id = '${revertId}'`);
      expect(rv!['status']).toBe('reverted');
      expect(JSON.parse(String(rv!['rows_written']))).toEqual({ 'backfill.exceptions_archive': 2, 'backfill.exclusions_archive': 0, [EXC]: -2, [EXCL]: 0 });
    });
  });

  describe('item 5: a killed command leaves an entry that is shown interrupted and closed', () => {
    const RUN = ['run', '--full-refresh', '--as-of', AS_OF];

    it('operations shows the killed run as interrupted; operations repair marks it failed; a re-run succeeds, nothing left running', async () => {
      killedAfterCommit(dir, RUN); // the first model is rebuilt, the run's entry is left running
      const id = String((await newest(q, 'run'))['operation_id']);
      expect((await newest(q, 'run'))['status']).toBe('running');
      const listed = jsonLines(ok(cli(dir, ['operations', '--json'])));
      expect(listed.find((r) => r['operation_id'] === id)).toMatchObject({ status: 'interrupted', pid: expect.anything(), host: os.hostname() });
      expect(jsonLines(ok(cli(dir, ['operations', '--json', '--status', 'interrupted']))).map((r) => r['operation_id'])).toEqual([id]);
      const repair = ok(cli(dir, ['operations', 'repair']));
      expect(repair.stdout).toContain(`operation ${id} (run) was interrupted (its process pid`);
      expect(repair.stdout).toContain(`marked failed; resume it with 'backfill resume ${id}'`);
      expect(await newest(q, 'run')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted: its process \(pid \d+ on /) });
      ok(cli(dir, RUN));
      expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
      expect((await newest(q, 'run'))['status']).toBe('succeeded');
    });

    it('a plain re-run of run closes the killed entry itself and says so', async () => {
      killedAfterCommit(dir, RUN);
      const id = String((await newest(q, 'run'))['operation_id']);
      const r = ok(cli(dir, ['run', '--as-of', AS_OF]));
      expect(r.stdout).toContain(`operation ${id} (run) was interrupted`);
      expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
      expect((await q(`SELECT status FROM backfill.operations WHERE operation_id = '${id}'`))[0]!['status']).toBe('failed');
    });

    it('a batched operation killed after its 1st batch can be reverted instead: its finished batch goes, the entry is closed', async () => {
      killedAfterCommit(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--vars', '{batch_days: 1}', '--args', '{stage_table_name: card_shipped, event_ids: [c1, c2, c3], set: {$.Status: B}, description: b}'], 2);
      const id = String((await newest(q, 'run-operation'))['operation_id']);
      expect(await countBy(q, id)).toEqual({ [EXC]: 1, [EXCL]: 0 }); // c3's day, the first batch
      ok(cli(dir, ['revert', id]));
      expect(await sideRows(q)).toEqual([]);
      expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
      expect((await q(`SELECT status FROM backfill.operations WHERE operation_id = '${id}'`))[0]!['status']).toBe('reverted');
    });

    it('a batched operation killed after its 1st batch: interrupted, and resume finishes it', async () => {
      // Commit 1 is its plan of batches, commit 2 its 1st batch.
      killedAfterCommit(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--vars', '{batch_days: 1}', '--args', '{stage_table_name: card_shipped, event_ids: [c1, c2, c3], set: {$.Status: B}, description: b}'], 2);
      const id = String((await newest(q, 'run-operation'))['operation_id']);
      const listed = jsonLines(ok(cli(dir, ['operations', '--json'])));
      expect(listed.find((r) => r['operation_id'] === id)!['status']).toBe('interrupted');
      const r = ok(cli(dir, ['resume', id]));
      expect(r.stdout).toContain(`resume update_event_data: succeeded, operation ${id}`);
      expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
    });
  });
});

describe('postgres', () => {
  let tw: TestWarehouse;
  const q: Q = async (sql) => (await tw.query(sql)) as Array<Record<string, unknown>>;
  beforeEach(async () => {
    tw = await TestWarehouse.create(new Date(AS_OF), { target: 'postgres' });
    await loadEvents(tw.wh, tw.ctx, SEED_EVENTS);
  });
  afterEach(async () => {
    await tw.close();
  });

  it('item 4: run-operation update_event_data killed after its data commit is succeeded with its counts, and revertible', async () => {
    await killedThenReverted(tw.dir, q, CASES[0]!);
  });

  it('item 4: import killed after its data commit is succeeded, and revertible', async () => {
    await killedThenReverted(tw.dir, q, CASES[3]!);
  });

  it('item 5: a killed run is interrupted (its lock is gone), repaired, and a re-run leaves nothing running', async () => {
    killedAfterCommit(tw.dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    const id = String((await newest(q, 'run'))['operation_id']);
    expect(jsonLines(ok(cli(tw.dir, ['operations', '--json']))).find((r) => r['operation_id'] === id)!['status']).toBe('interrupted');
    expect(ok(cli(tw.dir, ['operations', 'repair'])).stdout).toContain(`operation ${id} (run) was interrupted`);
    expect((await newest(q, 'run'))['status']).toBe('failed');
    ok(cli(tw.dir, ['run', '--as-of', AS_OF]));
    expect(await q("SELECT operation_id FROM backfill.operations WHERE status = 'running'")).toEqual([]);
  });

  it('item 5: a running entry whose lock a live session holds (another host) stays running; once released it is interrupted', async () => {
    const id = '00000000-0000-4000-8000-000000000016';
    await q(`INSERT INTO backfill.operations (operation_id, command, status, started_at, run_by, host, pid) VALUES ('${id}', 'run', 'running', '2026-11-23 11:00:00', 'ana@elsewhere', 'elsewhere', 4242)`);
    const holder = new Client({ connectionString: process.env[(tw.ctx.project.target as { connection_env: string }).connection_env] });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(2988, hashtext('operation:' || $1))", [id]);
      expect(jsonLines(ok(cli(tw.dir, ['operations', '--json'])))[0]).toMatchObject({ operation_id: id, status: 'running' });
      expect(ok(cli(tw.dir, ['operations', 'repair'])).stdout).toBe('0 entries repaired\n');
      expect((await newest(q, 'run'))['status']).toBe('running');
    } finally {
      await holder.end();
    }
    expect(jsonLines(ok(cli(tw.dir, ['operations', '--json'])))[0]).toMatchObject({ operation_id: id, status: 'interrupted' });
    expect(ok(cli(tw.dir, ['operations', 'repair'])).stdout).toContain(`operation ${id} (run) was interrupted (its process pid 4242 on elsewhere is gone)`);
  });
});
