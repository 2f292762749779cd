/**
 * Helpers for CLI tests: spawn the real binary (bin/backfill.js → dist/) against a throwaway project, and read the
 * DuckDB file in-process between runs. DuckDB locks its file per process, so every in-process connection here is
 * closed before the next spawn.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEvents, sampleEvents } from '../../src/demo/sample-events';
import { migrate } from '../../src/ledger/migrations';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import type { Row } from '../../src/targets/warehouse';
import { contextFor, event, makeProjectDir, REPO_ROOT } from './project';

export const BIN = path.join(REPO_ROOT, 'bin', 'backfill.js');
export const AS_OF = '2026-11-23T12:00:00Z';
export const EXC = 's3.backend_events_exceptions';
export const EXCL = 's3.backend_events_exclusions';
export const ORIGINAL = 'kinesis.backend_events';
export const OPERATIONS = 'backfill.operations';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/backfill.js <args> --project-dir <dir>` and waits for it. */
export function cli(dir: string, args: readonly string[]): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args, '--project-dir', dir], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 30_000,
  });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const SKEW_PRELOAD = path.join(__dirname, 'clock-skew.js');

/** `cli`, in a process whose clock runs `skewMs` off (test/helpers/clock-skew.js). */
export function skewedCli(dir: string, args: readonly string[], skewMs: number): CliResult {
  const res = spawnSync(process.execPath, ['--require', SKEW_PRELOAD, BIN, ...args, '--project-dir', dir], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, NO_COLOR: '1', BACKFILL_TEST_CLOCK_SKEW_MS: String(skewMs) },
    timeout: 30_000,
  });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The stderr lines (without the trailing empty one). */
export function stderrLines(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l !== '');
}

/** The stdout lines parsed as JSON (for --json): every line must be one JSON object. */
export function jsonLines(r: CliResult): Record<string, unknown>[] {
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function warehouseFile(dir: string): string {
  return path.join(dir, 'warehouse.duckdb');
}

/** Opens the project's DuckDB file in this process, runs `fn`, and always closes it again. */
export async function withDb<T>(dir: string, fn: (q: (sql: string) => Promise<Row[]>) => Promise<T>): Promise<T> {
  const wh = await DuckdbDriver.open(warehouseFile(dir));
  try {
    return await fn(async (sql) => [...(await wh.run({ sql, params: {} })).rows]);
  } finally {
    await wh.close();
  }
}

export async function query(dir: string, sql: string): Promise<Row[]> {
  return withDb(dir, (q) => q(sql));
}

/** Row count of every table in the warehouse (`schema.table` → rows), or null when there is no warehouse file. */
export async function snapshot(dir: string): Promise<Record<string, number> | null> {
  if (!fs.existsSync(warehouseFile(dir))) return null;
  return withDb(dir, async (q) => {
    const tables = await q(
      "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1",
    );
    const counts: Record<string, number> = {};
    for (const { t } of tables) counts[String(t)] = Number((await q(`SELECT COUNT(*) AS n FROM ${String(t)}`))[0]!['n']);
    return counts;
  });
}

/** The events every seeded project starts with: c2 is delivered twice, u1 belongs to no model. */
export const SEED_EVENTS = [
  event({ event_id: 'c1', event_created_at: '2026-11-22T10:00:00Z' }),
  event({ event_id: 'c2', event_created_at: '2026-11-22T11:00:00Z' }),
  event({ event_id: 'c2', event_created_at: '2026-11-22T11:00:00Z', event_ingested_at: new Date('2026-11-22T11:09:00Z') }),
  event({ event_id: 'c3', event_created_at: '2026-11-01T09:00:00Z', event_data: { Status: 'Pending', Carrier: 'UPS' } }),
  event({ event_id: 'p1', event_created_at: '2026-11-21T08:00:00Z', event_name: 'PaymentCompleted', event_data: { Amount: 10.5, Currency: 'EUR', Status: 'Completed', Attempt: 1 } }),
  event({ event_id: 'p2', event_created_at: '2026-11-23T08:00:00Z', event_name: 'PaymentCompleted', event_data: { Amount: 99, Currency: 'GBP', Status: 'Completed', Attempt: 1 } }),
  event({ event_id: 'u1', event_created_at: '2026-11-22T12:00:00Z', event_name: 'UserSignedUp', event_data: { Channel: 'web' } }),
];

/** A migrated project whose original table holds SEED_EVENTS; the warehouse is closed on return. */
export async function seededProject(): Promise<string> {
  const dir = makeProjectDir();
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await DuckdbDriver.open(warehouseFile(dir));
  try {
    await migrate(wh, ctx);
    await loadEvents(wh, ctx, SEED_EVENTS);
  } finally {
    await wh.close();
  }
  return dir;
}

/** A migrated project holding generated sample events (`sampleEvents` options), its stage tables built by `run`. */
export async function sampleProject(opts: { seed: number; count: number; days: number }): Promise<string> {
  const dir = makeProjectDir();
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await DuckdbDriver.open(warehouseFile(dir));
  try {
    await migrate(wh, ctx);
    await loadEvents(wh, ctx, sampleEvents({ ...opts, asOf: new Date(AS_OF), duplicateRate: 0.03, businessDuplicateRate: 0.03 }));
  } finally {
    await wh.close();
  }
  expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
  return dir;
}

/** A fresh copy of a project dir (warehouse file included), so each test starts from the same state. */
export function copyProject(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-test-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Jest hooks for a file of CLI tests: one seeded project for the file, and a fresh copy of it for every test,
 * handed to `use` (`let dir: string; seededCopies((d) => (dir = d));`) and removed after the test.
 */
export function seededCopies(use: (dir: string) => void): void {
  let base: string | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    base = await seededProject();
  });
  afterAll(() => removeDir(base));
  beforeEach(() => {
    dir = copyProject(base!);
    use(dir);
  });
  afterEach(() => removeDir(dir));
}

/** A bad-usage outcome: exit 2, exactly one stderr line `error: …` matching every pattern. */
export function expectUsageError(r: CliResult, ...patterns: RegExp[]): void {
  const lines = stderrLines(r);
  expect({ status: r.status, lines }).toEqual({ status: 2, lines: [expect.stringMatching(/^error: \S/)] });
  for (const p of patterns) expect(lines[0]).toMatch(p);
}

/** Runs the CLI and SIGKILLs it once stdout has shown `lines` batch lines; resolves when it is dead. */
export function killAfterBatches(dir: string, args: readonly string[], lines: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--project-dir', dir], { cwd: os.tmpdir() });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if ((out.match(/: batch \d+\/\d+/g) ?? []).length >= lines) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`finished before the kill:\n${out}`))));
  });
}
