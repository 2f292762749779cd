import crypto from 'node:crypto';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/render';
import type { Statement } from '../compiler/sql';
import { firstLine, OperationError, UsageError } from '../errors';
import { ledgerStart } from '../ledger/ledger';
import { getOperation, ledgerTime } from '../ledger/operations';
import type { Warehouse } from '../warehouse/warehouse';
import { takeLock } from '../ledger/locks';
import { requireMigrated } from './migrated';

/** Commands whose rows live in the side tables, and so can be reverted. */
const REVERTIBLE = ['run-operation', 'apply', 'import', 'revert'];

export interface RevertSummary {
  readonly operation_id: string;
  readonly command: 'revert';
  readonly reverted: string;
  readonly status: 'succeeded';
  readonly rows: Record<string, number>;
}

/**
 * Reverts an operation: its exception/exclusion rows move to archive tables (so the revert can itself be
 * reverted, which moves them back). Refused when later operations wrote rows for the same events, unless forced.
 */
export async function revertOperation(wh: Warehouse, ctx: RunContext, operationId: string, opts: { force: boolean }): Promise<RevertSummary> {
  await requireMigrated(wh, ctx);
  const release = await takeLock(wh, ctx, 'side-tables');
  try {
    const target = await getOperation(wh, ctx, operationId);
    const status = String(target['status']);
    if (status === 'reverted') throw new UsageError(`operation ${operationId} was already reverted by ${String(target['reverted_by'])}; revert that one to bring it back`);
    if (!REVERTIBLE.includes(String(target['command']))) {
      throw new UsageError(`operation ${operationId} is a '${String(target['command'])}', which writes no exceptions or exclusions; only ${REVERTIBLE.join(', ')} can be reverted`);
    }
    if (status !== 'succeeded') throw new UsageError(`operation ${operationId} ${status === 'failed' ? 'failed and wrote nothing' : `is ${status}`}; there is nothing to revert`);
    const undoing = String(target['command']) === 'revert';
    if (!undoing && !opts.force) await refuseIfBuiltOn(wh, ctx, operationId, target);
    const revertId = crypto.randomUUID();
    const undone = undoing ? String((target['args'] as { operation_id?: unknown } | null)?.operation_id ?? '') : null;
    const statements: Statement[] = undoing
      ? [
          ...runnerStatements(ctx, 'revert_restore', { revert_id: operationId }),
          runnerStatement(ctx, 'operation_mark_restored', { operation_id: undone }),
          runnerStatement(ctx, 'operation_mark_reverted', { operation_id: operationId, reverted_by: revertId }),
        ]
      : [
          ...runnerStatements(ctx, 'revert_archive', { operation_id: operationId, revert_id: revertId }),
          runnerStatement(ctx, 'operation_mark_reverted', { operation_id: operationId, reverted_by: revertId }),
        ];
    wh.setLabels?.({ backfill_operation_id: revertId });
    const finish = await ledgerStart(wh, ctx, { operationId: revertId, command: 'revert', macro: null, args: { operation_id: operationId, force: opts.force }, statements });
    let rows: Record<string, number>;
    try {
      rows = await wh.transaction(async () => {
        const changed: number[] = [];
        for (const s of statements) changed.push((await wh.run(s)).rowsChanged);
        return movedRows(ctx, undoing, changed);
      });
    } catch (err) {
      await finish('failed', {}, firstLine(err));
      throw new OperationError(`revert of ${operationId} failed, nothing was changed: ${firstLine(err)}`, { cause: err });
    }
    await finish('succeeded', rows);
    return { operation_id: revertId, command: 'revert', reverted: operationId, status: 'succeeded', rows };
  } finally {
    await release();
  }
}

async function refuseIfBuiltOn(wh: Warehouse, ctx: RunContext, operationId: string, target: Record<string, unknown>): Promise<void> {
  const later = (await wh.run(runnerStatement(ctx, 'revert_dependents', { operation_id: operationId, since: ledgerTime(target, 'started_at') }))).rows;
  if (later.length === 0) return;
  const list = later.map((r) => `${String(r['operation_id'])} (${String(r['events'])} events)`).join(', ');
  throw new UsageError(`operation ${operationId} has later operations on the same events: ${list}; revert those first, or pass --force`);
}

/** Rows moved per table: archive inserts come first in revert_archive, side-table inserts in revert_restore. */
function movedRows(ctx: RunContext, undoing: boolean, changed: readonly number[]): Record<string, number> {
  const t = ctx.project.config.tables;
  const [exc, excl] = [changed[0] ?? 0, changed[1] ?? 0];
  const archive = { exceptions: `${t.framework_schema}.exceptions_archive`, exclusions: `${t.framework_schema}.exclusions_archive` };
  return undoing
    ? { [t.exceptions]: exc, [t.exclusions]: excl, [archive.exceptions]: -exc, [archive.exclusions]: -excl }
    : { [archive.exceptions]: exc, [archive.exclusions]: excl, [t.exceptions]: -exc, [t.exclusions]: -excl };
}
