import { parseMacroArgs } from '../../compiler/macro-args';
import { planOperation, planRun, type PlanReport } from '../../operations/what-if';
import { planModel } from '../../rebuild/plan-days';
import { selectModels } from '../../rebuild/run';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';
import { estimateRebuilds, reportEstimates } from './estimates';
import { compileOperation } from '../../operations/operation-plan';

function print(report: PlanReport, bytes: number, out: Output): void {
  if (report.warning) out.warn(report.warning);
  if (Object.keys(report.rows).length > 0) {
    out.say('rows it would add:');
    for (const l of rowsLines(report.rows)) out.say(l);
  }
  const names = Object.entries(report.impact.events_by_name);
  out.say(`events touched: ${names.length ? names.map(([n, c]) => `${n} ${c}`).join(', ') : 'none'}${report.impact.oldest_event ? `; oldest ${report.impact.oldest_event}` : ''}`);
  if (report.impact.top_users.length) out.say(`top users: ${report.impact.top_users.map((u) => `${u.user_id} (${u.events})`).join(', ')}`);
  for (const m of report.models) {
    out.say(`${m.model}: next run rebuilds ${m.mode === 'full' ? `the whole table (${m.reason})` : `${m.days.length} day(s) ${m.days.length <= 6 ? m.days.join(', ') : `${m.days[0]} … ${m.days[m.days.length - 1]}`} (${m.reason})`}`);
  }
  out.event({ ...report, status: 'planned', operation_id: null, bytes_processed: bytes });
}

/** `backfill plan run-operation <macro> --args …`: what it would write and rebuild; nothing is kept. */
export async function planOperationCommand(opts: GlobalOptions, a: { macro: string; args?: string }, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const raw = parseMacroArgs(a.args);
  compileOperation(ctx, a.macro, raw);
  const wh = await openWarehouse(ctx.project, `backfill plan ${a.macro}`);
  try {
    const bytes = await reportEstimates(wh, a.macro, compileOperation(ctx, a.macro, raw).statements, out);
    print(await planOperation(wh, ctx, a.macro, raw), bytes, out);
    return 0;
  } finally {
    await wh.close();
  }
}

/** `backfill plan run [--select] [--full-refresh]`: what the next run would rebuild and why. */
export async function planRunCommand(opts: GlobalOptions, a: { select?: readonly string[]; fullRefresh: boolean }, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  selectModels(ctx, a.select);
  const wh = await openWarehouse(ctx.project, 'backfill plan run');
  try {
    const report = await planRun(wh, ctx, a.select, a.fullRefresh);
    const plans = [];
    if (wh.estimate) for (const m of selectModels(ctx, a.select)) plans.push(await planModel(wh, ctx, m, { fullRefresh: a.fullRefresh }));
    print(report, await estimateRebuilds(wh, ctx, plans, out), out);
    return 0;
  } finally {
    await wh.close();
  }
}
