import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeDirsInside, writeFileSafely } from '../fs/safe-write';
import { packageVersion } from './command-line';

/** The commands after which target/run_results.json is written (dbt writes it after run, build, run-operation, …). */
export const RESULT_COMMANDS = new Set(['run', 'run-operation', 'import', 'apply', 'revert']);

/** logs/backfill.log is rotated to backfill.log.1 beyond this size: at most ~2 MB of the last runs' detail. */
export const LOG_LIMIT_BYTES = 1024 * 1024;

/** What one invocation said, as events, each with the time it arrived. */
export class InvocationRecord {
  readonly invocationId = crypto.randomUUID();
  readonly startedAt = new Date();
  readonly events: Array<{ at: Date; event: Record<string, unknown> }> = [];
  command: string | null = null;
  projectDir: string | null = null;

  listen = (obj: object): void => {
    this.events.push({ at: new Date(), event: obj as Record<string, unknown> });
  };
}

/** What an event with a status is a result of: a model of a run, a backfill file of an apply, or (null) the command. */
function itemOf(e: Record<string, unknown>): string | null {
  if (typeof e['model'] === 'string') return `model.${e['model']}`;
  return typeof e['backfill'] === 'string' ? `backfill.${e['backfill']}` : null;
}

/** One dbt-shaped result: a model of a run, a backfill file of an apply, or the operation itself. */
function result(e: Record<string, unknown>, started: Date, at: Date, invocation: string): Record<string, unknown> {
  const model = typeof e['model'] === 'string' ? e['model'] : null;
  const rows = model ? { [String(e['stage_table'])]: e['rows'] } : ((e['rows'] as Record<string, number> | undefined) ?? {});
  const seconds = (at.getTime() - started.getTime()) / 1000;
  return {
    unique_id: itemOf(e) ?? `operation.${String(e['operation_id'] ?? invocation)}`,
    status: e['status'] === 'succeeded' ? 'success' : e['status'] === 'dry-run' ? 'skipped' : 'error',
    timing: [{ name: 'execute', started_at: started.toISOString(), completed_at: at.toISOString() }],
    thread_id: 'main',
    execution_time: seconds,
    adapter_response: { rows_affected: Object.values(rows).reduce((x: number, y) => x + Number(y), 0), rows },
    message: typeof e['error'] === 'string' ? e['error'] : e['status'] === 'succeeded' ? `${Object.entries(rows).map(([t, n]) => `${t} ${Number(n) >= 0 ? '+' : ''}${n}`).join(', ')}` : null,
    failures: null,
    operation_id: e['operation_id'] ?? null,
    ...(model ? { stage_table: e['stage_table'], mode: e['mode'], days: e['days'] } : {}),
  };
}

/** The results: one per model (run) or backfill file (apply), and one for the summary (the last event with a status). */
export function runResults(rec: InvocationRecord, argv: readonly string[], code: number): object {
  const results: Record<string, unknown>[] = [];
  let previous = rec.startedAt;
  const summaries = rec.events.filter(({ event }) => typeof event['status'] === 'string' && itemOf(event) === null);
  const summary = summaries[summaries.length - 1];
  for (const { at, event } of rec.events) {
    if (itemOf(event) !== null && typeof event['status'] === 'string') results.push(result(event, previous, at, rec.invocationId));
    previous = at;
  }
  const end = new Date();
  if (summary) results.push(result(summary.event, rec.startedAt, summary.at, rec.invocationId));
  else results.push(result({ status: code === 0 ? 'succeeded' : 'error', error: code === 0 ? null : `exit ${code}` }, rec.startedAt, end, rec.invocationId));
  return {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', backfill_version: packageVersion(), generated_at: end.toISOString(), invocation_id: rec.invocationId, env: {} },
    results,
    elapsed_time: (end.getTime() - rec.startedAt.getTime()) / 1000,
    args: { command: rec.command, argv: [...argv], exit_code: code },
  };
}

/**
 * target/run_results.json (replaced whole, as dbt does) and a logs/backfill.log entry; never fails the command. Bad
 * usage (exit 2) creates no directory (bad input writes nothing): it replaces the results only where target/ exists,
 * so no stale file passes for this run's.
 */
export function writeRunArtifacts(rec: InvocationRecord, argv: readonly string[], code: number): void {
  if (rec.projectDir === null || rec.command === null || !RESULT_COMMANDS.has(rec.command)) return;
  try {
    const target = path.join(rec.projectDir, 'target');
    if (code === 2 && !fs.existsSync(target)) return;
    writeFileSafely(path.join(target, 'run_results.json'), `${JSON.stringify(runResults(rec, argv, code), null, 2)}\n`, rec.projectDir);
    appendLog(rec.projectDir, rec, argv, code);
  } catch {
    // The artifacts are for CI and observability tools: a read-only project still runs.
  }
}

/** Appended (never through a planted link: the directories are checked, the file opened with O_NOFOLLOW). */
function appendLog(projectDir: string, rec: InvocationRecord, argv: readonly string[], code: number): void {
  const dir = path.join(projectDir, 'logs');
  if (code === 2 && !fs.existsSync(dir)) return;
  makeDirsInside(projectDir, dir);
  const file = path.join(dir, 'backfill.log');
  if (fs.existsSync(file) && fs.statSync(file).size > LOG_LIMIT_BYTES) fs.renameSync(file, `${file}.1`);
  const lines = [`${rec.startedAt.toISOString()} [${rec.invocationId}] backfill ${argv.join(' ')}`];
  for (const { at, event } of rec.events) lines.push(`${at.toISOString()} [${rec.invocationId}] ${JSON.stringify(event)}`);
  lines.push(`${new Date().toISOString()} [${rec.invocationId}] exit ${code}`);
  const { O_APPEND, O_CREAT, O_WRONLY, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(file, O_APPEND | O_CREAT | O_WRONLY | O_NOFOLLOW, 0o644);
  try {
    fs.writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    fs.closeSync(fd);
  }
}
