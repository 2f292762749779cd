import { deliver } from '../../changes/outbox';
import { resolveSink, type Sink } from '../../changes/sinks';
import type { RunContext } from '../../compiler/statements';
import { getOperation } from '../../ledger/entries';
import type { Warehouse } from '../../targets/warehouse';
import { hiddenSessionsWarning, planModel } from '../../rebuild/plan-days';
import { absentEventNameRefusal, stagedRows } from '../../rebuild/empty-refresh';
import { reportDelivery } from './changes';
import { estimateRebuilds } from './estimates';
import { resumeRun } from '../../operations/resume';
import { runModels, selectModels } from '../../rebuild/run';
import { batchReporter } from '../progress';
import { repairLedger } from '../../ledger/recover';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';
import type { ModelResult, RunSummary } from '../../rebuild/results';
import { requireMigrated } from '../../ledger/migrations';

export interface RunArgs {
  readonly select?: readonly string[];
  readonly fullRefresh: boolean;
  /** `--changes <sink>`: record and deliver what each rebuild changed. */
  readonly changes?: string;
  /** `--allow-empty`: a full refresh may replace a non-empty stage table with an empty one. */
  readonly allowEmpty?: boolean;
}

function daysText(days: readonly string[]): string {
  if (days.length === 0) return 'all days';
  return days.length <= 4 ? days.join(', ') : `${days.length} days, ${days[0]} … ${days[days.length - 1]}`;
}

/** One line (or JSON event) per rebuilt model. */
function modelReporter(out: Output): (r: ModelResult) => void {
  return (r) => {
    const what = r.mode === 'full' ? `full rebuild (${r.reason})` : `${daysText(r.days)} (${r.reason})`;
    out.say(r.status === 'succeeded' ? `${r.stage_table}: ${what}, ${r.rows} rows` : `${r.stage_table}: FAILED ${r.error}`);
    out.event(r);
  };
}

function reportRun(summary: RunSummary, out: Output): number {
  out.say(`run: ${summary.status}, operation ${summary.operation_id}`);
  // A failed run's summary says why (each failed model's error; the refusals of empty rebuilds among them).
  const errors = summary.models.flatMap((m) => (m.status === 'failed' && m.error ? [m.error] : []));
  out.event({ operation_id: summary.operation_id, command: 'run', status: summary.status, rows: summary.rows, ...(summary.status === 'failed' ? { error: errors.join('; ') || 'failed' } : {}) });
  return summary.status === 'succeeded' ? 0 : 1;
}

/** After a run that fed a sink: deliver what waits for it; exit 1 when the run or the sink failed. */
async function deliverFeed(wh: Warehouse, ctx: RunContext, sink: Sink, code: number, out: Output, says: Output): Promise<number> {
  return Math.max(code, reportDelivery(await deliver(wh, ctx, sink, (s) => out.raw(s)), says));
}

/** With the feed on standard output, the command's own lines go to standard error. */
const linesBeside = (sink: Sink | null, out: Output): Output => (sink?.spec === '-' ? out.toStderr() : out);

/** `backfill resume <operation_id>`: finish a run that was killed or failed part-way. */
export async function resumeCommand(opts: GlobalOptions, operationId: string, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill resume');
  // A run started with --changes keeps feeding that sink (it is in the run's arguments).
  const fed = await getOperation(wh, ctx, operationId).then((op) => (op['args'] as { changes?: unknown } | null)?.changes, () => undefined);
  const sink = typeof fed === 'string' ? resolveSink(ctx, fed) : null;
  const says = linesBeside(sink, out);
  const progress = batchReporter(says);
  try {
    const summary = await resumeRun(wh, ctx, operationId, { onModel: modelReporter(says), onBatch: progress.onBatch });
    if ('recovered' in summary) {
      says.say(summary.recovered);
      says.event(summary);
      return 0;
    }
    if ('models' in summary) {
      const hidden = hiddenSessionsWarning(ctx);
      if (hidden) says.warn(hidden);
      const code = reportRun(summary, says);
      return sink ? await deliverFeed(wh, ctx, sink, code, out, says) : code;
    }
    says.say(`resume ${summary.macro}: ${summary.status}, operation ${summary.operation_id}`);
    for (const l of rowsLines(summary.rows)) says.say(l);
    says.event(summary);
    return 0;
  } finally {
    progress.stop();
    await wh.close();
  }
}

/** `backfill run`: rebuild stage models (their window plus touched days, or everything with --full-refresh). */
export async function runCommand(opts: GlobalOptions, a: RunArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  selectModels(ctx, a.select);
  const wh = await openWarehouse(ctx.project, 'backfill run');
  try {
    if (opts.dryRun) {
      await requireMigrated(wh, ctx);
      const plans = [];
      for (const model of selectModels(ctx, a.select)) {
        const plan = await planModel(wh, ctx, model, { fullRefresh: a.fullRefresh });
        out.say(`${plan.stageTable}: would rebuild ${plan.mode === 'full' ? 'the whole table' : daysText(plan.days)} (${plan.reason})`);
        // What the real run would refuse (an event name with no events over a non-empty table): a warning here.
        const refusal = a.allowEmpty ? null : await absentEventNameRefusal(wh, ctx, model, () => stagedRows(wh, ctx, plan.stageTable, plan.columns !== null));
        if (refusal !== null) out.warn(`the run would refuse this: ${refusal}`);
        out.event({ model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days, ...(refusal !== null ? { warning: refusal } : {}) });
        plans.push(plan);
      }
      const bytes = await estimateRebuilds(wh, ctx, plans, out);
      out.event({ command: 'run', status: 'dry-run', operation_id: null, rows: {}, bytes_processed: bytes });
      return 0;
    }
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
  } finally {
    await wh.close();
  }
}
