import { z } from 'zod';
import { resolveSink } from '../../changes/sinks';
import type { RunContext } from '../../compiler/statements';
import { repairLedger } from '../../operations/recover';
import { prefetchGitCommit } from '../../ledger/ledger';
import { requireMigrated } from '../../ledger/migrations';
import { absentEventNameRefusal, stagedRows } from '../../rebuild/empty-refresh';
import { hiddenSessionsWarning, planModel } from '../../rebuild/plan-days';
import { runModels, selectModels } from '../../rebuild/run';
import { pickedNames } from '../selection';
import type { Warehouse } from '../../targets/warehouse';
import { flag, given } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { estimateRebuilds } from '../estimates';
import type { Output } from '../output';
import { batchReporter } from '../progress';
import { daysText, deliverFeed, linesBeside, modelReporter, reportRun } from '../run-report';

const ARGS = z
  .object({ select: given<string[]>(), exclude: given<string[]>(), 'full-refresh': flag, changes: given<string>(), 'allow-empty': flag })
  .transform((a) => ({
    select: a.select,
    exclude: a.exclude,
    fullRefresh: a['full-refresh'],
    /** `--changes <sink>`: record and deliver what each rebuild changed. */
    changes: a.changes,
    /** `--allow-empty`: a full refresh may replace a non-empty stage table with an empty one. */
    allowEmpty: a['allow-empty'],
  }));

/** The args of `backfill run`. */
export type RunArgs = z.infer<typeof ARGS>;

/** `backfill run`: rebuild stage models (their window plus touched days, or everything with --full-refresh). */
export const runHandler: CommandHandler<RunArgs> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill run', prepare: (ctx) => prepareRun(ctx, a, globals.dryRun) }, (wh, ctx, select) =>
      globals.dryRun ? dryRun(wh, ctx, { ...a, select }, out) : rebuild(wh, ctx, { ...a, select }, out),
    ),
};

/** The models picked; a real run's ledger entry will name the project's git commit, asked for now (while the warehouse opens). */
function prepareRun(ctx: RunContext, a: RunArgs, dryRun: boolean): string[] | undefined {
  const picked = pickedNames(ctx, a);
  if (!dryRun) prefetchGitCommit(ctx.project.dir);
  return picked;
}

/** `run --dry-run`: what each model's rebuild would do (and what the real run would refuse), and its bytes. */
async function dryRun(wh: Warehouse, ctx: RunContext, a: RunArgs, out: Output): Promise<number> {
  await requireMigrated(wh, ctx);
  const plans = [];
  for (const model of selectModels(ctx, a.select)) {
    const plan = await planModel(wh, ctx, model, { fullRefresh: a.fullRefresh });
    out.say(`${plan.stageTable}: would rebuild ${plan.mode === 'full' ? 'the whole table' : daysText(plan.days)} (${plan.reason})`);
    // What the real run would refuse (an event name with no events over a non-empty table): a warning here.
    const refusal = a.allowEmpty ? null : await absentEventNameRefusal(wh, ctx, model, () => stagedRows(wh, ctx, plan.stageTable, plan.columns !== null), plan.mode === 'days' ? plan.days : []);
    if (refusal !== null) out.warn(`the run would refuse this: ${refusal}`);
    out.event({ model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days, ...(refusal !== null ? { warning: refusal } : {}) });
    plans.push(plan);
  }
  const bytes = await estimateRebuilds(wh, ctx, plans, out);
  out.event({ command: 'run', status: 'dry-run', operation_id: null, rows: {}, bytes_processed: bytes });
  return 0;
}

/** The real run: stale ledger entries closed first, then the rebuilds, then the change feed delivered. */
async function rebuild(wh: Warehouse, ctx: RunContext, a: RunArgs, out: Output): Promise<number> {
  const sink = a.changes === undefined ? null : resolveSink(ctx, a.changes);
  const says = linesBeside(sink, out);
  // Entries left running by killed commands are closed first, and said so (as `backfill operations repair`).
  await requireMigrated(wh, ctx);
  for (const repair of await repairLedger(wh, ctx)) {
    says.say(repair.message);
    says.event(repair);
  }
  const progress = batchReporter(says);
  try {
    const summary = await runModels(wh, ctx, { select: a.select, fullRefresh: a.fullRefresh, onModel: modelReporter(says), onBatch: progress.onBatch, changes: sink ? { sink: sink.name } : undefined, allowEmpty: a.allowEmpty });
    const hidden = hiddenSessionsWarning(ctx);
    if (hidden) says.warn(hidden);
    const code = reportRun(summary, says);
    return sink ? await deliverFeed(wh, ctx, sink, code, out, says) : code;
  } finally {
    progress.stop();
  }
}
