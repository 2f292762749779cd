import crypto from 'node:crypto';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import { firstLine, OperationError, UsageError } from '../errors';
import { recordedOperation, withLock } from '../ledger/recorded-operation';
import { processText } from '../ledger/liveness';
import { ledgerTime } from '../ledger/read-entries';
import type { Row, Warehouse } from '../targets/warehouse';
import { recoverEntry, revertRows } from '../operations/recover';
import { operationRows } from '../operations/run-operation';
import { requireMigrated } from '../ledger/migrations';
import { MARK_RESTORED, MARK_REVERTED, REVERT_ARCHIVE, REVERT_DEPENDENTS, REVERT_RESTORE } from './sql';

/** Commands whose rows live in the side tables, and so can be reverted. */
const REVERTIBLE = ['run-operation', 'apply', 'import', 'revert'];

export interface RevertSummary {
  readonly operation_id: string;
  readonly command: 'revert';
  readonly reverted: string;
  readonly status: 'succeeded';
  readonly rows: Record<string, number>;
  /** Set when the reverted operation's ledger entry had been left running after its data committed, and was finished. */
  readonly recovered?: string;
}

/**
 * Reverts an operation: its exception/exclusion rows move to archive tables (so the revert can itself be
 * reverted, which moves them back). Refused when later operations wrote rows for the same events, unless forced.
 */
export async function revertOperation(wh: Warehouse, ctx: RunContext, operationId: string, opts: { force: boolean }): Promise<RevertSummary> {
  await requireMigrated(wh, ctx);
  return withLock(wh, ctx, 'side-tables', async () => {
    const { target, recovered } = await settledTarget(wh, ctx, operationId);
    const status = String(target['status']);
    if (status === 'reverted') throw new UsageError(`operation ${operationId} was already reverted by ${String(target['reverted_by'])}; revert that one to bring it back`);
    if (!REVERTIBLE.includes(String(target['command']))) {
      throw new UsageError(`operation ${operationId} is a '${String(target['command'])}', which writes no exceptions or exclusions; only ${REVERTIBLE.join(', ')} can be reverted`);
    }
    // An operation that did not finish is revertible where it left rows (the finished batches of a batched one).
    const left = status === 'succeeded' ? null : await operationRows(wh, ctx, operationId);
    if (left !== null && !Object.values(left).some((n) => n > 0)) throw new UsageError(`operation ${operationId} ${status === 'failed' ? 'failed and wrote nothing' : 'was interrupted (its process is gone) before anything of it was committed'}; there is nothing to revert`);
    const undoing = String(target['command']) === 'revert';
    if (!undoing && !opts.force) await refuseIfBuiltOn(wh, ctx, operationId, target);
    const revertId = crypto.randomUUID();
    const statements = revertStatements(ctx, operationId, revertId, undoing ? String((target['args'] as { operation_id?: unknown } | null)?.operation_id ?? '') : null);
    wh.setLabels?.({ backfill_operation_id: revertId });
    const { outcome } = await recordedOperation(wh, ctx, {
      ledger: { operationId: revertId, command: 'revert', macro: null, args: { operation_id: operationId, force: opts.force }, statements },
      commit: 'with-finish',
      work: async () => {
        const changed: number[] = [];
        for (const s of statements) changed.push((await wh.run(s)).rowsChanged);
        return changed;
      },
      outcome: (changed) => ({ status: 'succeeded', rows: revertRows(ctx, undoing, changed[0] ?? 0, changed[1] ?? 0) }),
      failure: (err) => new OperationError(`revert of ${operationId} failed, nothing was changed: ${firstLine(err)}`, { cause: err }),
    });
    return { operation_id: revertId, command: 'revert', reverted: operationId, status: 'succeeded', rows: outcome.rows, ...(recovered ? { recovered } : {}) };
  });
}

/** What a revert runs: archive the operation's rows, or (`undone`: the operation a revert reverted) restore them. */
function revertStatements(ctx: RunContext, operationId: string, revertId: string, undone: string | null): Statement[] {
  return undone !== null
    ? [
        ...runnerStatements(ctx, REVERT_RESTORE, { revert_id: operationId }),
        runnerStatement(ctx, MARK_RESTORED, { operation_id: undone }),
        runnerStatement(ctx, MARK_REVERTED, { operation_id: operationId, reverted_by: revertId }),
      ]
    : [
        ...runnerStatements(ctx, REVERT_ARCHIVE, { operation_id: operationId, revert_id: revertId }),
        runnerStatement(ctx, MARK_REVERTED, { operation_id: operationId, reverted_by: revertId }),
      ];
}

async function refuseIfBuiltOn(wh: Warehouse, ctx: RunContext, operationId: string, target: Record<string, unknown>): Promise<void> {
  const later = (await wh.run(runnerStatement(ctx, REVERT_DEPENDENTS, { operation_id: operationId, since: ledgerTime(target, 'started_at') }))).rows;
  if (later.length === 0) return;
  const list = later.map((r) => `${String(r['operation_id'])} (${String(r['events'])} events)`).join(', ');
  throw new UsageError(`operation ${operationId} has later operations on the same events: ${list}; revert those first, or pass --force`);
}

/**
 * The operation to revert, its ledger entry first settled when it says running but its process is gone: finished
 * when its data had committed (the message says so), refused while its process still runs it.
 */
async function settledTarget(wh: Warehouse, ctx: RunContext, operationId: string): Promise<{ target: Row; recovered?: string }> {
  const r = await recoverEntry(wh, ctx, operationId);
  if (r.state === 'alive') throw new OperationError(`operation ${operationId} is still running (${processText(r.op)}); revert it when it has finished`);
  if (r.state === 'finished') return { target: r.op, recovered: r.message };
  if (r.state === 'interrupted') return { target: { ...r.op, status: 'interrupted' } };
  return { target: r.op };
}
