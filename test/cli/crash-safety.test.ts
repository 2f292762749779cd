/**
 * Crash safety, seeded: SIGKILL `run --full-refresh`, a large `run-operation` and an `import` at random moments
 * (21 trials). After each kill the stage table is the old state or the new one, the side tables hold all of the
 * operation's rows or none, and running the command again reaches exactly the expected state.
 * Concurrency: two operations at once leave exactly one operation's rows.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prng } from '../../src/demo/sample-events';
import { AS_OF, BIN, cli, copyProject, EXC, EXCL, query, removeDir, sampleProject } from '../helpers/cli';

/** Starts the CLI and SIGKILLs it after `ms` (if it is still running); resolves when it has ended. */
function killAfter(dir: string, args: readonly string[], ms: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--project-dir', dir], { cwd: os.tmpdir(), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (_c, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

const STAGE = 'SELECT * FROM stage.card_shipped ORDER BY event_id';
const OP_ARGS = ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, where: {$.Status: Shipped}, set: {$.Status: Audited}, description: audit}'];

let seeded: string;
let importFile: string;
const expected: { stage?: unknown[]; opRows?: number; importRows?: number } = {};
/** How long each command ran on the reference copy (ms): the kills land within that (the commands get faster). */
const took: Record<'full' | 'op' | 'import', number> = { full: 0, op: 0, import: 0 };
const timed = <T>(k: keyof typeof took, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  took[k] = performance.now() - t0;
  return r;
};
beforeAll(async () => {
  seeded = await sampleProject({ seed: 5, count: 8000, days: 60 });
  await query(seeded, "UPDATE stage.card_shipped SET status = 'old'");
  importFile = path.join(os.tmpdir(), `backfill-crash-${process.pid}.ndjson`);
  fs.writeFileSync(importFile, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ event_id: `imp-${i}`, event_created_at: '2026-11-20T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'I' } })).join('\n') + '\n');
  const ref = copyProject(seeded);
  try {
    expect(timed('full', () => cli(ref, ['run', '--full-refresh', '--as-of', AS_OF])).status).toBe(0);
    expected.stage = await query(ref, STAGE);
    expect(timed('op', () => cli(ref, OP_ARGS)).status).toBe(0);
    expected.opRows = Number((await query(ref, `SELECT COUNT(*) AS n FROM ${EXC}`))[0]!['n']);
    expect(timed('import', () => cli(ref, ['import', importFile, '--description', 'x'])).status).toBe(0);
    expected.importRows = Number((await query(ref, `SELECT COUNT(*) AS n FROM ${EXC}`))[0]!['n']) - expected.opRows;
  } finally {
    removeDir(ref);
  }
  expect(expected.opRows).toBeGreaterThan(1000);
}, 120_000);
afterAll(() => {
  removeDir(seeded);
  fs.rmSync(importFile, { force: true });
});

const rand = prng(2026);
const outcomes: string[] = [];
const kill = async (dir: string, args: readonly string[], command: keyof typeof took): Promise<void> => {
  outcomes.push(await killAfter(dir, args, delay(took[command])));
};
/** A moment within the command's run as timed on the reference copy (from 50 ms to 95% of it). */
const delay = (ms: number): number => 50 + Math.floor(rand() * Math.max(100, ms * 0.95 - 50));
const counts = async (dir: string): Promise<{ exc: number; excl: number; dup: number }> => {
  const [r] = await query(dir, `SELECT (SELECT COUNT(*) FROM ${EXC}) AS exc, (SELECT COUNT(*) FROM ${EXCL}) AS excl, (SELECT COUNT(*) FROM (SELECT event_id, operation_id FROM ${EXC} GROUP BY 1, 2 HAVING COUNT(*) > 1)) AS dup`);
  return { exc: Number(r!['exc']), excl: Number(r!['excl']), dup: Number(r!['dup']) };
};

describe('SIGKILL at random moments (seeded)', () => {
  it.each(Array.from({ length: 7 }, (_, i) => [i]))('run --full-refresh, trial %i: old or new stage table, then exactly the new one', async () => {
    const dir = copyProject(seeded);
    try {
      const old = await query(dir, STAGE);
      await kill(dir, ['run', '--full-refresh', '--as-of', AS_OF], 'full');
      const after = await query(dir, STAGE);
      expect(after.length === old.length && JSON.stringify(after) === JSON.stringify(old) ? 'old' : JSON.stringify(after) === JSON.stringify(expected.stage) ? 'new' : 'mixed').not.toBe('mixed');
      expect(cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]).status).toBe(0);
      expect(await query(dir, STAGE)).toEqual(expected.stage);
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  it.each(Array.from({ length: 7 }, (_, i) => [i]))('large run-operation, trial %i: all of its rows or none, then exactly once', async () => {
    const dir = copyProject(seeded);
    try {
      await kill(dir, OP_ARGS, 'op');
      const c = await counts(dir);
      expect([0, expected.opRows]).toContain(c.exc);
      expect(c.dup).toBe(0);
      expect(cli(dir, OP_ARGS).status).toBe(0);
      expect(await counts(dir)).toEqual({ exc: expected.opRows, excl: 0, dup: 0 });
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  it.each(Array.from({ length: 7 }, (_, i) => [i]))('import, trial %i: all lines or none, then exactly once', async () => {
    const dir = copyProject(seeded);
    try {
      await kill(dir, ['import', importFile, '--description', 'x'], 'import');
      expect([0, expected.importRows]).toContain((await counts(dir)).exc);
      expect(cli(dir, ['import', importFile, '--description', 'x']).status).toBe(0);
      expect(await counts(dir)).toEqual({ exc: expected.importRows, excl: 0, dup: 0 });
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});

it('most trials were killed while running (the kills landed)', () => {
  expect(outcomes.length).toBe(21);
  expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(10);
});

it('two operations started at once: one writes, the other waits and finds nothing left to do', async () => {
  const dir = copyProject(seeded);
  try {
    const both = await Promise.all([0, 1].map(() => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...OP_ARGS, '--json', '--project-dir', dir], { cwd: os.tmpdir() });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    })));
    expect(both.map((b) => b.code)).toEqual([0, 0]);
    const rows = both.map((b) => (JSON.parse(b.out.trim().split('\n').pop()!) as { rows: Record<string, number> }).rows[EXC]).sort((a, b) => a! - b!);
    expect(rows).toEqual([0, expected.opRows]);
    const ops = await query(dir, `SELECT operation_id, COUNT(*) AS n FROM ${EXC} GROUP BY operation_id`);
    expect(ops.length).toBe(1);
    expect(Number(ops[0]!['n'])).toBe(expected.opRows);
  } finally {
    removeDir(dir);
  }
}, 60_000);
