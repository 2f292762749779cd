import { z } from 'zod';
import { parseMacroArgs } from '../../compiler/macro-args';
import type { RunContext } from '../../compiler/statements';
import { compileOperation } from '../../operations/compile-operation';

import { planOperation, planRun, type PlanReport } from '../../operations/what-if';
import { planModel } from '../../rebuild/plan-days';
import { selectModels } from '../../rebuild/run';
import { flag, given, text } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { pickedNames } from '../selection';
import { estimateRebuilds, reportEstimates } from '../estimates';
import { rowsLines, type Output } from '../output';

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

const OPERATION_ARGS = z.object({ macro: text, args: given<string>() });

/** `backfill plan run-operation <macro> --args …`: what it would write and rebuild; nothing is kept. */
export const planOperationHandler: CommandHandler<z.infer<typeof OPERATION_ARGS>> = {
  args: OPERATION_ARGS,
  run: (a, { globals, out }) => {
    const prepare = (ctx: RunContext): unknown => {
      const raw = parseMacroArgs(a.args);
      compileOperation(ctx, a.macro, raw);
      return raw;
    };
    return withWarehouse(globals, { session: `backfill plan ${a.macro}`, prepare }, async (wh, ctx, raw) => {
      const bytes = await reportEstimates(wh, a.macro, compileOperation(ctx, a.macro, raw).statements, out);
      print(await planOperation(wh, ctx, a.macro, raw), bytes, out);
      return 0;
    });
  },
};

const RUN_ARGS = z.object({ select: given<string[]>(), exclude: given<string[]>(), 'full-refresh': flag }).transform((a) => ({ select: a.select, exclude: a.exclude, fullRefresh: a['full-refresh'] }));

/** `backfill plan run [--select] [--full-refresh]`: what the next run would rebuild and why. */
export const planRunHandler: CommandHandler<z.infer<typeof RUN_ARGS>> = {
  args: RUN_ARGS,
  run: (a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill plan run', prepare: (ctx) => pickedNames(ctx, a) }, async (wh, ctx, select) => {
      const report = await planRun(wh, ctx, select, a.fullRefresh);
      const plans = [];
      if (wh.adapter.billsBytes) for (const m of selectModels(ctx, select)) plans.push(await planModel(wh, ctx, m, { fullRefresh: a.fullRefresh }));
      print(report, await estimateRebuilds(wh, ctx, plans, out), out);
      return 0;
    }),
};
