import { parseMacroArgs } from '../../compiler/macro-args';
import { formatScript, writeOperationSql } from '../../operations/compile';
import { runOperation } from '../../operations/run-operation';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';
import { reportEstimates } from './estimates';
import { batchReporter } from '../progress';
import { foreseenWarning, NothingMatchedError, unmatchedWarning, zeroMatches } from '../../operations/unmatched-ids';
import type { RunContext } from '../../compiler/statements';
import { firstLine } from '../../errors';
import type { Warehouse } from '../../targets/warehouse';
import { compileOperation } from '../../operations/operation-plan';

export interface RunOperationArgs {
  readonly macro: string;
  readonly args?: string;
}

function parseArgs(text: string | undefined): unknown {
  return parseMacroArgs(text);
}

/** `backfill run-operation <macro> --args '…'`: one recorded, all-or-nothing operation. */
export async function runOperationCommand(opts: GlobalOptions, a: RunOperationArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const raw = parseArgs(a.args);
  if (opts.dryRun) {
    const plan = compileOperation(ctx, a.macro, raw);
    out.say(`-- dry run: ${a.macro} would run ${plan.statements.length} statement(s); nothing was written`);
    out.say(formatScript(plan.statements));
    let bytes = 0;
    let extra = {};
    // A macro naming events (reports_unmatched): which match nothing, said as the real run would (a warning here).
    const names = ctx.compiled.macros.get(a.macro)!.header.reports_unmatched.length > 0;
    if (ctx.compiled.env.dialect.name === 'bigquery' || names) {
      const wh = await openWarehouse(ctx.project, `backfill run-operation ${a.macro}`);
      try {
        if (names) extra = await foreseeZeroMatches(wh, ctx, a.macro, plan.args, out);
        // Only BigQuery bills bytes: ask it (dry-run jobs) what each statement would scan.
        if (ctx.compiled.env.dialect.name === 'bigquery') bytes = await reportEstimates(wh, a.macro, plan.statements, out);
      } finally {
        await wh.close();
      }
    }
    out.event({ command: 'run-operation', macro: a.macro, status: 'dry-run', operation_id: plan.operationId, rows: {}, bytes_processed: bytes, statements: plan.statements.map((s) => s.sql), ...extra });
    return 0;
  }
  const eventName = String(compileOperation(ctx, a.macro, raw).args['event_name']); // validate before opening (and so creating) the warehouse file
  const wh = await openWarehouse(ctx.project, `backfill run-operation ${a.macro}`);
  try {
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
  } finally {
    await wh.close();
  }
}

/**
 * For dry runs: the ids that match nothing (and an event name with no events) as a warning, and the JSON fields
 * saying so; the dry run itself does not fail. A warehouse that cannot answer (not migrated) is said, not fatal.
 */
export async function foreseeZeroMatches(wh: Warehouse, ctx: RunContext, macro: string, args: Readonly<Record<string, unknown>>, out: Output, label = macro): Promise<{ unmatched_ids?: readonly string[]; warning?: string }> {
  try {
    const found = await zeroMatches(wh, ctx, label, ctx.compiled.macros.get(macro)!.header, args);
    const warning = foreseenWarning(label, String(args['event_name']), found);
    if (warning !== null) out.warn(warning);
    return { ...(found.unmatched.length > 0 ? { unmatched_ids: found.unmatched } : {}), ...(warning !== null ? { warning } : {}) };
  } catch (err) {
    const warning = `${label}: could not check which events it matches: ${firstLine(err)}`;
    out.warn(warning);
    return { warning };
  }
}

/** `backfill compile run-operation <macro> --args '…'`: print and write the exact SQL, run nothing. */
export async function compileOperationCommand(opts: GlobalOptions, a: RunOperationArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const plan = compileOperation(ctx, a.macro, parseArgs(a.args));
  const file = writeOperationSql(ctx, a.macro, plan.statements);
  if (opts.json) out.event({ command: 'compile', macro: a.macro, status: 'succeeded', file, statements: plan.statements.map((s) => s.sql), rows: {} });
  else out.raw(formatScript(plan.statements));
  return 0;
}
