import { runnerStatement, type RunContext } from '../compiler/statements';
import { varsConfig } from '../config/schema';
import { firstLine, OperationError, UsageError } from '../errors';
import { ledgerFinish } from '../ledger/ledger';
import { holdOperation, processText } from '../ledger/liveness';
import type { Warehouse } from '../targets/warehouse';
import { recoverEntry } from './recover';
import { rebuildAll, selectModels, type RunOptions } from '../rebuild/run';
import { holdOperationLease } from '../ledger/locks';
import { withLock } from '../ledger/recorded-operation';
import { operationRows, type OperationSummary } from './run-operation';
import type { RunSummary } from '../rebuild/results';
import { runOperationBatches } from './operation-batches';
import { compileOperation, userArgs } from './compile-operation';
import { requireMigrated } from '../ledger/migrations';
import { WATERMARK_GET } from '../rebuild/sql';

/** An operation whose data had committed when its process died: `resume` only finished its ledger entry. */
export interface RecoveredSummary {
  readonly operation_id: string;
  readonly command: string;
  readonly macro: string | null;
  readonly status: 'succeeded';
  readonly rows: Record<string, number>;
  readonly recovered: string;
}

/** How to resume: progress callbacks, and `--exclude` (models of a run left out of what it still has to rebuild). */
export type ResumeOptions = Pick<RunOptions, 'onModel' | 'onBatch'> & { readonly exclude?: readonly string[] };

/**
 * Finishes a run or a batched operation that did not end (killed, or failed part-way). For a run: with the same as-of and vars, models already
 * rebuilt by it are skipped, batches already checkpointed are not redone, the rest run, and the ledger entry of
 * that operation records the outcome.
 */
export async function resumeRun(wh: Warehouse, ctx0: RunContext, operationId: string, opts: ResumeOptions = {}): Promise<RunSummary | OperationSummary | RecoveredSummary> {
  await requireMigrated(wh, ctx0);
  const found = await recoverEntry(wh, ctx0, operationId);
  if (found.state === 'alive') throw new OperationError(`operation ${operationId} is still running (${processText(found.op)}); there is nothing to resume`);
  // Killed after its data committed: the ledger entry is finished now, and that is all there was to do.
  if (found.state === 'finished') return { operation_id: operationId, command: String(found.op['command']), macro: (found.op['macro'] as string | null) ?? null, status: 'succeeded', rows: found.rows, recovered: found.message };
  const op = found.op;
  if (op['status'] === 'succeeded' || op['status'] === 'reverted') throw new UsageError(`operation ${operationId} finished already (${String(op['status'])}); there is nothing to resume`);
  const batched = op['command'] === 'run-operation' && Boolean((op['args'] as { _resume?: unknown } | null)?._resume);
  if (op['command'] !== 'run' && !batched) throw new UsageError(`operation ${operationId} is a '${String(op['command'])}', which is all-or-nothing and committed nothing: nothing to resume, run it again`);
  if (batched && opts.exclude) throw new UsageError(`--exclude: operation ${operationId} is a batched run-operation (${String(op['macro'])}), not a run; it has no models to leave out`);
  // This process runs it now: others (operations repair, another resume) see it alive while it resumes.
  const busy = (err: unknown): never => {
    throw new OperationError(`operation ${operationId} is being resumed by another process; there is nothing to resume (${firstLine(err)})`);
  };
  await holdOperation(wh, operationId).catch(busy);
  const lease = await holdOperationLease(wh, ctx0, operationId).catch(busy);
  try {
    return await resumeHeld(wh, ctx0, op, opts);
  } finally {
    await lease?.().catch(() => undefined);
  }
}

async function resumeHeld(wh: Warehouse, ctx0: RunContext, op: Record<string, unknown>, { exclude, ...opts }: ResumeOptions): Promise<RunSummary | OperationSummary> {
  const operationId = String(op['operation_id']);
  if (op['command'] === 'run-operation' && (op['args'] as { _resume?: unknown } | null)?._resume) return resumeOperation(wh, ctx0, op, opts);
  const args = op['args'] as { select?: string[]; full_refresh?: boolean; as_of?: string; vars?: unknown; changes?: string; allow_empty?: boolean };
  const vars = varsConfig.safeParse(args.vars ?? {});
  const ctx: RunContext = { ...ctx0, asOf: new Date(args.as_of ?? ctx0.asOf), project: { ...ctx0.project, vars: vars.success ? vars.data : ctx0.project.vars } };
  // The run's own selection, less what --exclude leaves out (left to the next plain run, as `run --exclude` does).
  const models = selectModels(ctx, args.select, exclude);
  const fullRefresh = args.full_refresh === true;
  const doneByThisRun = async (model: { name: string }): Promise<boolean> => {
    const row = (await wh.run(runnerStatement(ctx, WATERMARK_GET, { model: model.name }))).rows[0];
    return row?.['operation_id'] === operationId;
  };
  // A run that fed a change sink keeps feeding it: the sink is recorded in the run's arguments.
  const changes = typeof args.changes === 'string' ? { sink: args.changes } : undefined;
  return rebuildAll(wh, ctx, models, { ...opts, fullRefresh, changes, resuming: true, allowEmpty: args.allow_empty === true }, { resumes: operationId }, doneByThisRun);
}

/** Finishes a batched run-operation: the same macro, arguments, operation id and timestamp; pending batches only. */
async function resumeOperation(wh: Warehouse, ctx0: RunContext, op: Record<string, unknown>, opts: Pick<RunOptions, 'onBatch'>): Promise<OperationSummary> {
  const operationId = String(op['operation_id']);
  const macro = String(op['macro']);
  const { _resume: saved, ...args } = op['args'] as Record<string, unknown> & { _resume: { timestamp: string; as_of: string } };
  const ctx: RunContext = { ...ctx0, asOf: new Date(saved.as_of) };
  return withLock(wh, ctx, 'side-tables', async () => {
    const plan = compileOperation(ctx, macro, userArgs(args), { operationId, timestamp: new Date(saved.timestamp) });
    await runOperationBatches(wh, ctx, plan, opts.onBatch);
    const rows = await operationRows(wh, ctx, operationId);
    // Finished only: a failure leaves the entry running (interrupted once this process is gone), to be resumed again.
    await ledgerFinish(wh, ctx, operationId, 'succeeded', rows);
    return { operation_id: operationId, command: 'run-operation', macro, status: 'succeeded', rows };
  });
}
