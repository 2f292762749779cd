import { runnerStatement, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import { firstLine, OperationError } from '../errors';
import { recordedOperation, withLock, type Outcome } from '../ledger/recorded-operation';
import type { Warehouse } from '../targets/warehouse';
import type { BatchProgress } from '../rebuild/results';
import { planOperationBatches, runOperationBatches } from './operation-batches';
import { compileOperation } from './compile-operation';
import { lookupCopies } from '../rebuild/copy-index';
import { zeroMatches } from './unmatched-ids';
import { requireMigrated } from '../ledger/migrations';
import { OPERATION_ROWS, SIDE_TABLES_LAST_ACTION } from './sql';
import { parseWarehouseTimestamp } from '../compiler/timestamps';

export interface OperationSummary {
  readonly operation_id: string;
  readonly command: 'run-operation' | 'apply';
  readonly macro: string;
  readonly status: 'succeeded' | 'failed';
  readonly rows: Record<string, number>;
  readonly error?: string;
  /** Ids the operation names that match no event (macros declaring `reports_unmatched`); absent when all matched. */
  readonly unmatched_ids?: readonly string[];
}

export interface RunOperationOptions {
  /** The ledger's command: `apply` for reviewed backfill files. */
  readonly command?: 'run-operation' | 'apply';
  /** Statements to run in the operation's own transaction (e.g. recording an applied backfill file). */
  readonly alsoInTransaction?: (operationId: string) => Statement[];
  readonly onBatch?: (p: BatchProgress) => void;
}

/** Runs a macro as one recorded, all-or-nothing operation. */
export async function runOperation(wh: Warehouse, ctx: RunContext, macroName: string, rawArgs: unknown, opts: RunOperationOptions = {}): Promise<OperationSummary> {
  const command = opts.command ?? 'run-operation';
  const checked = compileOperation(ctx, macroName, rawArgs); // bad input fails here, before anything is written
  await requireMigrated(wh, ctx);
  // Operations read the side tables to decide what to write: two at once could both write the same rows.
  return withLock(wh, ctx, 'side-tables', async () => {
    const copies = await lookupCopies(wh, ctx, checked.copyAsks);
    const plan = compileOperation(ctx, macroName, rawArgs, { timestamp: await nextActionTimestamp(wh, ctx), copies });
    wh.setLabels?.({ backfill_operation_id: plan.operationId, backfill_macro: macroName });
    // Ids that match no event: all of them → refused before the ledger (nothing written); some → reported.
    const header = ctx.compiled.macros.get(macroName)!.header;
    // An event name with no events at all (a typo, almost surely) is refused too, naming the nearest names present.
    const { unmatched, refusal } = await zeroMatches(wh, ctx, macroName, header, plan.args);
    if (refusal !== null) throw refusal;
    const batched = command === 'run-operation' && ctx.project.vars.batch_days !== null && ctx.compiled.macros.get(macroName)!.header.batchable;
    // A batched operation keeps what it needs to be resumed: its timestamp and as-of.
    const ledgerArgs = batched ? { ...plan.args, _resume: { timestamp: plan.timestamp.toISOString(), as_of: ctx.asOf.toISOString() } } : plan.args;
    const written = async (): Promise<Outcome> => ({ status: 'succeeded', rows: await operationRows(wh, ctx, plan.operationId) });
    const { outcome } = await recordedOperation(wh, ctx, {
      ledger: { operationId: plan.operationId, command, macro: macroName, args: ledgerArgs, statements: plan.statements, keepsEventDays: header.keeps_event_days && ctx.compiled.macros.get(macroName)!.builtIn },
      // Batched: each batch commits with its checkpoint, so a failed or killed operation can be resumed.
      commit: batched ? 'own' : 'with-finish',
      work: async () => {
        if (batched) {
          await planOperationBatches(wh, ctx, plan, ctx.project.vars.batch_days!);
          await runOperationBatches(wh, ctx, plan, opts.onBatch);
        } else {
          for (const s of [...plan.statements, ...(opts.alsoInTransaction?.(plan.operationId) ?? [])]) await wh.run(s);
        }
      },
      outcome: written,
      failedRows: () => operationRows(wh, ctx, plan.operationId).catch(() => ({})),
      failure: (err) => {
        const what = batched ? `its finished batches are kept; finish it with 'backfill resume ${plan.operationId}'` : 'nothing was written';
        return new OperationError(`operation ${plan.operationId} (${macroName}) failed, ${what}: ${firstLine(err)}`, { cause: err });
      },
    });
    // The all-or-nothing operation reads its rows once more after the commit (as it always has).
    const rows = batched ? outcome.rows : await operationRows(wh, ctx, plan.operationId);
    return { operation_id: plan.operationId, command, macro: macroName, status: 'succeeded', rows, ...(unmatched.length > 0 ? { unmatched_ids: unmatched } : {}) };
  });
}

/** Rows an operation wrote to each side table, by its operation_id. */
export async function operationRows(wh: Warehouse, ctx: RunContext, operationId: string): Promise<Record<string, number>> {
  const res = await wh.run(runnerStatement(ctx, OPERATION_ROWS, { operation_id: operationId }));
  const names = ctx.project.config.tables;
  const rows: Record<string, number> = {};
  for (const r of res.rows) rows[r['side_table'] === 'exceptions' ? names.exceptions : names.exclusions] = Number(r['row_count']);
  return rows;
}

/** Now, or just after the latest action on record, so that actions stay strictly ordered in time. */
export async function nextActionTimestamp(wh: Warehouse, ctx: RunContext, now: Date = new Date()): Promise<Date> {
  const res = await wh.run(runnerStatement(ctx, SIDE_TABLES_LAST_ACTION, {}));
  const last = parseWarehouseTimestamp(res.rows[0]?.['last_action']);
  return last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now;
}
