import { parseMacroArgs } from '../../compiler/macro-args';
import { formatScript, writeOperationSql } from '../../operations/compile';
import { compileOperation, runOperation } from '../../operations/run-operation';
import { openWarehouse } from '../../warehouse/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';
import { reportEstimates } from './estimates';
import { batchReporter } from '../progress';
import { NothingMatchedError, unmatchedWarning } from '../../operations/unmatched-ids';

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
    if (ctx.compiled.env.dialect.name === 'bigquery') {
      // Only BigQuery bills bytes: ask it (dry-run jobs) what each statement would scan.
      const wh = await openWarehouse(ctx.project, `backfill run-operation ${a.macro}`);
      try {
        bytes = await reportEstimates(wh, a.macro, plan.statements, out);
      } finally {
        await wh.close();
      }
    }
    out.event({ command: 'run-operation', macro: a.macro, status: 'dry-run', operation_id: plan.operationId, rows: {}, bytes_processed: bytes, statements: plan.statements.map((s) => s.sql) });
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

/** `backfill compile run-operation <macro> --args '…'`: print and write the exact SQL, run nothing. */
export async function compileOperationCommand(opts: GlobalOptions, a: RunOperationArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const plan = compileOperation(ctx, a.macro, parseArgs(a.args));
  const file = writeOperationSql(ctx, a.macro, plan.statements);
  if (opts.json) out.event({ command: 'compile', macro: a.macro, status: 'succeeded', file, statements: plan.statements.map((s) => s.sql), rows: {} });
  else out.raw(formatScript(plan.statements));
  return 0;
}
