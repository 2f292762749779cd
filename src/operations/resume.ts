import { runnerStatement, type RunContext } from '../compiler/render';
import { varsConfig } from '../config/schema';
import { UsageError } from '../errors';
import { ledgerFinish } from '../ledger/ledger';
import { getOperation } from '../ledger/operations';
import type { Warehouse } from '../warehouse/warehouse';
import { requireMigrated } from './migrated';
import { rebuildAll, selectModels, type RunOptions, type RunSummary } from './run-models';

/**
 * Finishes a run that did not end (killed, or failed part-way): with the same as-of and vars, models already
 * rebuilt by it are skipped, batches already checkpointed are not redone, the rest run, and the ledger entry of
 * that operation records the outcome.
 */
export async function resumeRun(wh: Warehouse, ctx0: RunContext, operationId: string, opts: Pick<RunOptions, 'onModel' | 'onBatch'> = {}): Promise<RunSummary> {
  await requireMigrated(wh, ctx0);
  const op = await getOperation(wh, ctx0, operationId);
  if (op['command'] !== 'run') throw new UsageError(`operation ${operationId} is a '${String(op['command'])}'; only runs are resumed (an operation is all-or-nothing: run it again)`);
  if (op['status'] === 'succeeded') throw new UsageError(`operation ${operationId} finished already (succeeded); there is nothing to resume`);
  const args = op['args'] as { select?: string[]; full_refresh?: boolean; as_of?: string; vars?: unknown };
  const vars = varsConfig.safeParse(args.vars ?? {});
  const ctx: RunContext = { ...ctx0, asOf: new Date(args.as_of ?? ctx0.asOf), project: { ...ctx0.project, vars: vars.success ? vars.data : ctx0.project.vars } };
  const models = selectModels(ctx, args.select);
  const fullRefresh = args.full_refresh === true;
  const doneByThisRun = async (model: { name: string }): Promise<boolean> => {
    const row = (await wh.run(runnerStatement(ctx, 'model_watermark_get', { model: model.name }))).rows[0];
    return row?.['operation_id'] === operationId;
  };
  return rebuildAll(wh, ctx, models, operationId, { ...opts, fullRefresh }, (status, rows, error) => ledgerFinish(wh, ctx, operationId, status, rows, error), doneByThisRun);
}
