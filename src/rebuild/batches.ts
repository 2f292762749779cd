import { nextTableCapture, type ChangeCapture } from '../changes/capture';
import { TimestampText } from '../compiler/dialect';
import { addDays, dayStart, daysToRanges, isoDay } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { ddlThenDml } from '../targets/transaction';
import type { Warehouse } from '../targets/warehouse';
import { modelSql } from './model-sql';
import type { BatchProgress, ModelResult } from './results';
import { emptyResultRefusal, stagedRows } from './empty-refresh';
import { BATCHES_LIST, BATCHES_PLAN, BATCH_DONE, BATCH_SPAN, NEXT_CREATE, NEXT_INSERT, NEXT_SWAP, TABLE_COUNT, WATERMARK_SET } from './sql';
import { selectsPartition } from './steps';
import { parseWarehouseTimestamp } from '../compiler/timestamps';

/** One checkpointed batch of an operation (a model, or a batchable macro). */
export interface BatchRow {
  readonly batch_no: number;
  readonly first_day: string;
  readonly last_day: string;
  readonly high_water: unknown;
  readonly status: string;
}

const names = (ctx: RunContext, model: ModelDef): { stage: Sql; next: Sql; stageTable: string } => {
  const d = ctx.compiled.env.dialect;
  const schema = ctx.project.config.tables.stage_schema;
  return { stage: new Sql(d.quoteTable(`${schema}.${model.name}`)), next: new Sql(d.quoteTable(`${schema}.__backfill_next_${model.name}`)), stageTable: `${schema}.${model.name}` };
};

/** The batches of this operation for one model, as checkpointed in the ledger (empty when not planned yet). */
export async function batchesOf(wh: Warehouse, ctx: RunContext, operationId: string, model: string): Promise<BatchRow[]> {
  const rows = (await wh.run(runnerStatement(ctx, BATCHES_LIST, { operation_id: operationId }))).rows;
  return rows.filter((r) => r['model'] === model).map((r) => ({ batch_no: Number(r['batch_no']), first_day: String(r['first_day']).slice(0, 10), last_day: String(r['last_day']).slice(0, 10), high_water: r['high_water'], status: String(r['status']) }));
}

/**
 * Plans a full refresh in day batches: an empty work table shaped like the model, and one checkpoint row per
 * batch of `batchDays` days over the days that can hold rows. Recorded before any batch runs, so a resumed
 * operation finishes exactly this plan.
 */
export async function planBatches(wh: Warehouse, ctx: RunContext, model: ModelDef, operationId: string, batchDays: number, highWater: string | null): Promise<void> {
  const span = (await wh.run(runnerStatement(ctx, BATCH_SPAN, { event_name: model.config.event_name }))).rows[0] ?? {};
  const batches = dayBatches(parseWarehouseTimestamp(span['first_day']) ?? ctx.asOf, parseWarehouseTimestamp(span['last_day']) ?? ctx.asOf, batchDays);
  const { next } = names(ctx, model);
  const keys = { partition_by: model.config.partition_by, unique_key: model.config.unique_key };
  const create = runnerStatements(ctx, NEXT_CREATE, { next_table: next, model_sql: new Sql(modelSql(ctx, model, null)), ...keys });
  const plan = batchPlanStatements(ctx, operationId, model.name, highWater, batches);
  await ddlThenDml(wh, create, plan);
}

/**
 * Runs the pending batches of a planned full refresh, each in its own transaction together with its checkpoint
 * (a killed process leaves a batch either done and recorded, or not started), then swaps the new table in.
 */
export async function runBatches(
  wh: Warehouse,
  ctx: RunContext,
  model: ModelDef,
  operationId: string,
  onBatch?: (p: BatchProgress) => void,
  changes?: ChangeCapture,
  allowEmpty = false,
): Promise<ModelResult> {
  const batches = await batchesOf(wh, ctx, operationId, model.name);
  const { stage, next, stageTable } = names(ctx, model);
  for (const b of batches.filter((x) => x.status !== 'done')) {
    const sql = modelSql(ctx, model, daysToRanges(daysBetween(b.first_day, b.last_day)));
    const rows = await wh.transaction(async () => {
      const inserted = (await wh.run(runnerStatement(ctx, NEXT_INSERT, { next_table: next, model_sql: new Sql(sql) }))).rowsChanged;
      await wh.run(runnerStatement(ctx, BATCH_DONE, { operation_id: operationId, model: model.name, batch_no: b.batch_no, row_count: inserted, finished_at: new Date() }));
      return inserted;
    });
    onBatch?.({ model: model.name, batch: b.batch_no, of: batches.length, firstDay: b.first_day, lastDay: b.last_day, rows });
  }
  const highWater = batches[0]?.high_water;
  // An empty new table does not replace a non-empty stage table unless asked (the batches stay done: resume retries).
  if (!allowEmpty && Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table: next }))).rows[0]?.['row_count'] ?? 0) === 0) {
    const staged = await stagedRows(wh, ctx, stageTable);
    if (staged > 0) return { model: model.name, stage_table: stageTable, mode: 'full', reason: `full refresh in ${batches.length} batch(es)`, days: [], rows: 0, status: 'failed', error: emptyResultRefusal(model, staged) };
  }
  // With a change feed: the new table compared with the old one just before the swap (the same transaction where DDL allows).
  const capture = changes ? await nextTableCapture(wh, ctx, model, changes, stage, next, operationId) : [];
  const swap = runnerStatements(ctx, NEXT_SWAP, { stage_table: stage, next_table: next, stage_name: model.name, partition_by: model.config.partition_by, unique_key: model.config.unique_key, day_index: selectsPartition(ctx, model) });
  const mark = runnerStatements(ctx, WATERMARK_SET, { model: model.name, watermark: highWater ? new TimestampText(highWater) : null, last_run_at: new Date(), operation_id: operationId });
  await ddlThenDml(wh, [...capture, ...swap], mark);
  const total = Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table: stage }))).rows[0]?.['row_count'] ?? 0);
  return { model: model.name, stage_table: stageTable, mode: 'full', reason: `full refresh in ${batches.length} batch(es)`, days: [], rows: total, status: 'succeeded' };
}

/** Every day from `first` to `last` (ISO days), inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); isoDay(d) <= last; d = addDays(d, 1)) out.push(isoDay(d));
  return out;
}

/** Consecutive batches of `size` days from the day of `first` to the day of `last`. */
export function dayBatches(first: Date, last: Date, size: number): Array<{ batch_no: number; first_day: Date; last_day: Date }> {
  const out: Array<{ batch_no: number; first_day: Date; last_day: Date }> = [];
  for (let day = dayStart(first), n = 1; day <= dayStart(last); day = addDays(day, size), n++) {
    const end = addDays(day, size - 1);
    out.push({ batch_no: n, first_day: day, last_day: end > dayStart(last) ? dayStart(last) : end });
  }
  return out;
}

/** The checkpoint rows of a batch plan, one per batch. */
export function batchPlanStatements(ctx: RunContext, operationId: string, name: string, highWater: string | null, batches: ReturnType<typeof dayBatches>): Statement[] {
  const d = ctx.compiled.env.dialect;
  return runnerStatements(ctx, BATCHES_PLAN, {
    operation_id: operationId,
    model: name,
    high_water: highWater === null ? null : new TimestampText(highWater),
    batches: batches.map((b) => ({ ...b, first_day: new Sql(d.dateLiteral(b.first_day)), last_day: new Sql(d.dateLiteral(b.last_day)) })),
  });
}
