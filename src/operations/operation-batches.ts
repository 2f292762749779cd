/** A batchable operation run in day batches, each committed with its checkpoint (resumable, like a batched rebuild). */
import { daysToRanges } from '../compiler/days';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { runAll, type Warehouse } from '../targets/warehouse';
import { batchesOf, batchPlanStatements, dayBatches, daysBetween } from '../rebuild/batches';
import type { BatchProgress } from '../rebuild/results';
import { compileOperation, userArgs, type OperationPlan } from './compile-operation';
import { BATCH_DONE, BATCH_SPAN } from '../rebuild/sql';
import { parseWarehouseTimestamp } from '../compiler/timestamps';

/** Plans a batchable operation in day batches over the days its event name has rows on. */
export async function planOperationBatches(wh: Warehouse, ctx: RunContext, plan: OperationPlan, batchDays: number): Promise<void> {
  const eventName = String(plan.args['event_name']);
  const span = (await wh.run(runnerStatement(ctx, BATCH_SPAN, { event_name: eventName }))).rows[0] ?? {};
  const batches = dayBatches(parseWarehouseTimestamp(span['first_day']) ?? ctx.asOf, parseWarehouseTimestamp(span['last_day']) ?? ctx.asOf, batchDays);
  await wh.transaction(() => runAll(wh, batchPlanStatements(ctx, plan.operationId, plan.macro, null, batches)));
}

/** Runs the pending batches of an operation, each with its checkpoint in one transaction. */
export async function runOperationBatches(wh: Warehouse, ctx: RunContext, plan: OperationPlan, onBatch?: (p: BatchProgress) => void): Promise<void> {
  const batches = await batchesOf(wh, ctx, plan.operationId, plan.macro);
  for (const b of batches.filter((x) => x.status !== 'done')) {
    const ranges = daysToRanges(daysBetween(b.first_day, b.last_day));
    const statements = compileOperation(ctx, plan.macro, userArgs(plan.args), { operationId: plan.operationId, timestamp: plan.timestamp, batch: ranges }).statements;
    const rows = await wh.transaction(async () => {
      let n = 0;
      for (const s of statements) n += (await wh.run(s)).rowsChanged;
      await wh.run(runnerStatement(ctx, BATCH_DONE, { operation_id: plan.operationId, model: plan.macro, batch_no: b.batch_no, row_count: n, finished_at: new Date() }));
      return n;
    });
    onBatch?.({ model: plan.macro, batch: b.batch_no, of: batches.length, firstDay: b.first_day, lastDay: b.last_day, rows });
  }
}
