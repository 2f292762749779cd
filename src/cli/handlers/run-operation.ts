import { z } from 'zod';
import { parseMacroArgs } from '../../compiler/macro-args';
import type { RunContext } from '../../compiler/statements';
import { formatScript } from '../../operations/compiled-files';
import { compileOperation } from '../../operations/compile-operation';
import { runOperation } from '../../operations/run-operation';

import { NothingMatchedError, unmatchedWarning } from '../../operations/unmatched-ids';
import { flag, given, text } from '../args';
import type { CommandIo, CommandHandler } from '../command';
import { macroHelp } from '../macro-help';
import { usingWarehouse, withContext, withWarehouse } from '../context';
import { reportEstimates } from '../estimates';
import { rowsLines } from '../output';
import { batchReporter } from '../progress';
import { foreseeZeroMatches } from '../zero-matches';

const ARGS = z.object({ macro: text, args: given<string>(), 'macro-help': flag });

/** The args of `backfill run-operation`. */
export type RunOperationArgs = z.infer<typeof ARGS>;

/** `backfill run-operation <macro> --args '…'`: one recorded, all-or-nothing operation. */
export const runOperationHandler: CommandHandler<RunOperationArgs> = {
  args: ARGS,
  run: (a, io) => (a['macro-help'] ? printMacroHelp(a, io) : io.globals.dryRun ? dryRunOperation(a, io) : runRecorded(a, io)),
};

/** `run-operation <macro> --help`: the macro's arguments from its front matter. Never connects. */
function printMacroHelp(a: RunOperationArgs, { globals, out }: CommandIo): Promise<number> {
  return withContext(globals, (ctx) => {
    for (const line of macroHelp(ctx, a.macro)) out.say(line);
    const h = ctx.compiled.macros.get(a.macro)!.header;
    out.event({ macro: a.macro, description: h.description, args: h.args, exactly_one_of: h.exactly_one_of });
    return 0;
  });
}

/** The real run: validated before the warehouse opens, then recorded in the ledger. */
function runRecorded(a: RunOperationArgs, { globals, out }: CommandIo): Promise<number> {
  const prepare = (ctx: RunContext): { raw: unknown; eventName: string } => {
    const raw = parseMacroArgs(a.args);
    return { raw, eventName: String(compileOperation(ctx, a.macro, raw).args['event_name']) };
  };
  return withWarehouse(globals, { session: `backfill run-operation ${a.macro}`, prepare }, async (wh, ctx, { raw, eventName }) => {
    const progress = batchReporter(out);
    const summary = await runOperation(wh, ctx, a.macro, raw, { onBatch: progress.onBatch })
      .catch((err: unknown) => {
        if (!(err instanceof NothingMatchedError)) throw err;
        out.error(err.message, err.exitCode, { command: 'run-operation', macro: a.macro, operation_id: null, rows: {}, unmatched_ids: err.unmatchedIds });
        return null;
      })
      .finally(progress.stop);
    if (summary === null) return 1;
    if (summary.unmatched_ids) out.warn(unmatchedWarning(a.macro, eventName, summary.unmatched_ids));
    const total = Object.values(summary.rows).reduce((x, y) => x + y, 0);
    out.say(`run-operation ${a.macro}: ${summary.status}, operation ${summary.operation_id}${total === 0 ? ' (nothing to do: no row written)' : ''}`);
    for (const l of rowsLines(summary.rows)) out.say(l);
    out.event(summary);
    return 0;
  });
}

/** `--dry-run`: the SQL it would run; the warehouse is asked only what it can tell (ids matching nothing, bytes). */
function dryRunOperation(a: RunOperationArgs, { globals, out }: CommandIo): Promise<number> {
  return withContext(globals, async (ctx) => {
    const plan = compileOperation(ctx, a.macro, parseMacroArgs(a.args));
    out.say(`-- dry run: ${a.macro} would run ${plan.statements.length} statement(s); nothing was written`);
    out.say(formatScript(plan.statements));
    let bytes = 0;
    let extra = {};
    // A macro naming events (reports_unmatched): which match nothing, said as the real run would (a warning here).
    const names = ctx.compiled.macros.get(a.macro)!.header.reports_unmatched.length > 0;
    const bills = ctx.compiled.env.adapter.billsBytes;
    if (bills || names) {
      await usingWarehouse(ctx, { session: `backfill run-operation ${a.macro}` }, async (wh) => {
        if (names) extra = await foreseeZeroMatches(wh, ctx, a.macro, plan.args, out);
        // Where bytes are billed (BigQuery), ask (dry-run jobs) what each statement would scan.
        if (bills) bytes = await reportEstimates(wh, a.macro, plan.statements, out);
      });
    }
    out.event({ command: 'run-operation', macro: a.macro, status: 'dry-run', operation_id: plan.operationId, rows: {}, bytes_processed: bytes, statements: plan.statements.map((s) => s.sql), ...extra });
    return 0;
  });
}
