import { runnerStatement, type RunContext } from '../compiler/statements';
import { firstLine, OperationError, UsageError } from '../errors';
import os from 'node:os';
import { localProcess, operationAlive, operationLock, processText } from '../ledger/liveness';
import { getOperation, listOperations } from '../ledger/read-entries';
import type { Row, Warehouse } from '../targets/warehouse';
import { operationRows } from './run-operation';
import { LEASE_HOLDERS, LEDGER_SETTLE, OPERATION_COMMIT_MARKS } from '../ledger/sql';
import { BATCHES_LIST } from '../rebuild/sql';

/**
 * What became of a `running` ledger entry: its process still runs it; or it is gone after its data had committed
 * (the entry is now finished as succeeded with the rows found by its operation id); or it is gone before that
 * (interrupted: resumable, revertible where it left rows, or to be marked failed).
 */
export type Recovery =
  | { readonly state: 'alive'; readonly op: Row }
  | { readonly state: 'finished'; readonly op: Row; readonly rows: Record<string, number>; readonly message: string }
  | { readonly state: 'interrupted'; readonly op: Row; readonly unsettled?: string }
  | { readonly state: 'not running'; readonly op: Row };

/** Rows a revert moved, per table: archive +n and side table -n, or the reverse when it undid a revert. */
export function revertRows(ctx: RunContext, undoing: boolean, exc: number, excl: number): Record<string, number> {
  const t = ctx.project.config.tables;
  const archive = { exceptions: `${t.framework_schema}.exceptions_archive`, exclusions: `${t.framework_schema}.exclusions_archive` };
  return undoing
    ? { [t.exceptions]: exc, [t.exclusions]: excl, [archive.exceptions]: -exc, [archive.exclusions]: -excl }
    : { [archive.exceptions]: exc, [archive.exclusions]: excl, [t.exceptions]: -exc, [t.exclusions]: -excl };
}

/** The rows an operation committed, found by its id, or null when nothing shows that its data committed. */
async function committedRows(wh: Warehouse, ctx: RunContext, op: Row): Promise<Record<string, number> | null> {
  const id = String(op['operation_id']);
  const command = String(op['command']);
  const args = (op['args'] ?? {}) as { _resume?: unknown; operation_id?: unknown };
  const marks = (await wh.run(runnerStatement(ctx, OPERATION_COMMIT_MARKS, { operation_id: id }))).rows[0] ?? {};
  if (command === 'revert') {
    if (Number(marks['reverted_targets'] ?? 0) === 0) return null;
    const target = await getOperation(wh, ctx, String(args.operation_id));
    if (String(target['command']) !== 'revert') return revertRows(ctx, false, Number(marks['archived_exceptions'] ?? 0), Number(marks['archived_exclusions'] ?? 0));
    // It undid a revert: the rows it restored are back in the side tables under the restored operation's id.
    const restored = await operationRows(wh, ctx, String((target['args'] as { operation_id?: unknown } | null)?.operation_id ?? ''));
    const t = ctx.project.config.tables;
    return revertRows(ctx, true, restored[t.exceptions] ?? 0, restored[t.exclusions] ?? 0);
  }
  if (!['run-operation', 'apply', 'import'].includes(command)) return null;
  if (args._resume) {
    // Batched: done when every planned batch is checkpointed (each batch commits with its checkpoint).
    const batches = (await wh.run(runnerStatement(ctx, BATCHES_LIST, { operation_id: id }))).rows;
    return batches.length > 0 && batches.every((b) => b['status'] === 'done') ? operationRows(wh, ctx, id) : null;
  }
  const rows = await operationRows(wh, ctx, id);
  return Object.values(rows).some((n) => n > 0) || Number(marks['applied_files'] ?? 0) > 0 ? rows : null;
}

const label = (op: Row): string => `${String(op['command'])}${op['macro'] ? ` ${String(op['macro'])}` : ''}`;
const rowsText = (rows: Record<string, number>): string => Object.entries(rows).map(([t, n]) => `${t} ${n >= 0 ? '+' : ''}${n}`).join(', ') || 'no rows';

/**
 * Looks at a ledger entry that says `running`: when its process is gone and its data had committed, finishes the
 * entry as succeeded (only if it still says running: a process that finished meanwhile wins).
 */
export async function recoverEntry(wh: Warehouse, ctx: RunContext, operationId: string, opts: { readOnly?: boolean } = {}): Promise<Recovery> {
  const seen = await getOperation(wh, ctx, operationId);
  if (seen['status'] !== 'running') return { state: 'not running', op: seen };
  if (await operationAlive(wh, seen)) return { state: 'alive', op: seen };
  // Read again: a process that finished and ended between the two reads is not stale.
  const op = await getOperation(wh, ctx, operationId);
  if (op['status'] !== 'running') return { state: 'not running', op };
  const rows = await committedRows(wh, ctx, op);
  if (rows === null) return { state: 'interrupted', op };
  try {
    await wh.run(runnerStatement(ctx, LEDGER_SETTLE, { operation_id: operationId, status: 'succeeded', finished_at: new Date(), rows, error: null }));
  } catch (err) {
    // Only reading (a listing, maybe with a read-only role): the entry is shown interrupted, left for a repair.
    if (!opts.readOnly) throw err;
    return { state: 'interrupted', op, unsettled: firstLine(err) };
  }
  const message = `operation ${operationId} (${label(op)}) had committed its rows when its process (${processText(op)}) ended, but its ledger entry still said running: recorded as succeeded (${rowsText(rows)})`;
  return { state: 'finished', op: { ...op, status: 'succeeded', rows_written: rows }, rows, message };
}

/** What to do with an interrupted entry, by what it is. */
export function interruptedHint(op: Row): string {
  const id = String(op['operation_id']);
  if (op['command'] === 'run') return `resume it with 'backfill resume ${id}'`;
  if ((op['args'] as { _resume?: unknown } | null)?._resume) return `its finished batches are kept: resume it with 'backfill resume ${id}', or revert them with 'backfill revert ${id}'`;
  if (['run-operation', 'apply', 'import', 'revert'].includes(String(op['command']))) return 'it was all-or-nothing and nothing of it was written; run it again';
  return 'run it again';
}

/** Records an interrupted entry as failed (only if it still says running). */
export async function markInterrupted(wh: Warehouse, ctx: RunContext, op: Row): Promise<string> {
  const error = `interrupted: its process (${processText(op)}) ended before it finished`;
  await wh.run(runnerStatement(ctx, LEDGER_SETTLE, { operation_id: String(op['operation_id']), status: 'failed', finished_at: new Date(), rows: op['rows_written'] ?? {}, error }));
  return `operation ${String(op['operation_id'])} (${label(op)}) was interrupted (its process ${processText(op)} is gone): marked failed; ${interruptedHint(op)}`;
}

/**
 * Closes every `running` entry whose process is gone: finished as succeeded where its data had committed, marked
 * failed otherwise. Returns one per entry closed; entries of live processes are left alone.
 */
export async function repairLedger(wh: Warehouse, ctx: RunContext): Promise<Repair[]> {
  const repairs: Repair[] = [];
  for (const row of await listOperations(wh, ctx, { status: 'running', limit: 10_000 })) {
    const id = String(row['operation_id']);
    const r = await recoverEntry(wh, ctx, id);
    if (r.state === 'finished') repairs.push({ repaired: id, status: 'succeeded', message: r.message });
    if (r.state === 'interrupted') repairs.push({ repaired: id, status: 'failed', message: await markInterrupted(wh, ctx, r.op) });
  }
  return repairs;
}

/** One ledger entry closed by `repairLedger`: the status it now has, and why. */
export interface Repair {
  readonly repaired: string;
  readonly status: 'succeeded' | 'failed';
  readonly message: string;
}

/**
 * What shows that an entry's process may still run it: its lock or lease held, or its PID alive on this host; null
 * when nothing does. Without session locks (BigQuery) a process on another host is known only by its operation's
 * lease (taken at its start, released at its end, expired 60 minutes after a process that died took it).
 */
async function aliveSign(wh: Warehouse, ctx: RunContext, op: Row): Promise<string | null> {
  if (wh.adapter.sessionLocks) return (await operationAlive(wh, op)) ? `a live session holds its lock ${operationLock(String(op['operation_id']))}` : null;
  const lease = (await wh.run(runnerStatement(ctx, LEASE_HOLDERS, { resource: operationLock(String(op['operation_id'])), at_time: new Date() }))).rows[0];
  if (lease) return `its lease is held by ${String(lease['holder_info'])} since ${String(lease['acquired_at'])}`;
  const pid = op['pid'] === null || op['pid'] === undefined ? null : Number(op['pid']);
  if (pid !== null && pid > 0 && op['host'] === os.hostname() && localProcess(pid, (op['process_started'] as string | null | undefined) ?? null) !== 'gone') return `pid ${pid} runs on this host`;
  return null;
}

/**
 * `operations repair <id> --mark-failed`: closes one `running` entry on an operator's word, for a process that
 * cannot be checked (another host, BigQuery). Refused while its lock, lease or PID shows it alive, unless `force`.
 * Where its data had committed it is finished as succeeded instead (its rows are there).
 */
export async function markEntryFailed(wh: Warehouse, ctx: RunContext, operationId: string, force: boolean): Promise<Repair> {
  const op = await getOperation(wh, ctx, operationId);
  if (op['status'] !== 'running') throw new UsageError(`operation ${operationId} is ${String(op['status'])}, not running: nothing to mark failed`);
  const sign = await aliveSign(wh, ctx, op);
  if (sign !== null && !force) {
    throw new OperationError(`operation ${operationId} (${label(op)}) may still be running: ${sign}; wait for it, or add --force if you know its process (${processText(op)}) is gone`);
  }
  const rows = await committedRows(wh, ctx, op);
  if (rows !== null) {
    await wh.run(runnerStatement(ctx, LEDGER_SETTLE, { operation_id: operationId, status: 'succeeded', finished_at: new Date(), rows, error: null }));
    return { repaired: operationId, status: 'succeeded', message: `operation ${operationId} (${label(op)}) had committed its rows: recorded as succeeded (${rowsText(rows)}), not failed` };
  }
  const error = `marked failed by 'operations repair --mark-failed${sign !== null ? ' --force' : ''}': its process (${processText(op)}) did not finish it`;
  await wh.run(runnerStatement(ctx, LEDGER_SETTLE, { operation_id: operationId, status: 'failed', finished_at: new Date(), rows: op['rows_written'] ?? {}, error }));
  return { repaired: operationId, status: 'failed', message: `operation ${operationId} (${label(op)}) marked failed; ${interruptedHint(op)}` };
}
