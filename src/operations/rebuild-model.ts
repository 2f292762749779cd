import { daysToRanges, dedupRanges } from '../compiler/events-schema';
import { TimestampText } from '../compiler/dialect';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/render';
import { Sql, type Statement } from '../compiler/sql';
import { firstLine, OperationError, UsageError } from '../errors';
import { takeLock } from '../ledger/locks';
import { captureStatements, type ChangeCapture } from '../changes/outbox';
import type { Release, Warehouse } from '../warehouse/warehouse';
import { batchesOf, planBatches, runBatches, type BatchProgress } from './batched-refresh';
import { planModel, type ModelPlan } from './planner';
import type { ModelResult } from './run-models';
import { modelSql } from './run-models';

/** The statements of one model's rebuild, by phase. */
export interface RebuildStatements {
  /** Builds the new rows: the whole stage table (full), or a work table holding the rebuilt days. */
  readonly build: readonly Statement[];
  /** Swaps the work table's rows in for the rebuilt days (empty for a full rebuild). */
  readonly swap: readonly Statement[];
  /** Drops the work table. */
  readonly cleanup: readonly Statement[];
  readonly workTable: string | null;
}

/** The statements that rebuild one model as planned. */
export function rebuildStatements(ctx: RunContext, plan: ModelPlan): RebuildStatements {
  const d = ctx.compiled.env.dialect;
  const stage = new Sql(d.quoteTable(plan.stageTable));
  const keys = { partition_by: plan.model.config.partition_by, unique_key: plan.model.config.unique_key };
  if (plan.mode === 'full') {
    const build = runnerStatements(ctx, 'stage_full', { stage_table: stage, model_sql: new Sql(modelSql(ctx, plan.model, null)), ...keys });
    return { build, swap: [], cleanup: [], workTable: null };
  }
  const ranges = daysToRanges(plan.days);
  const workTable = `${d.workSchema ?? ctx.project.config.tables.stage_schema}.__backfill_work_${plan.model.name}`;
  const work = new Sql(d.quoteTable(workTable));
  return {
    build: runnerStatements(ctx, 'stage_new_rows', { work_table: work, model_sql: new Sql(modelSql(ctx, plan.model, ranges)) }),
    swap: runnerStatements(ctx, 'stage_replace_days', {
      stage_table: stage,
      work_table: work,
      ranges,
      moved_within: dedupRanges(ranges, ctx.project.vars.dedup_window_days),
      column_names: plan.columns ?? [],
      ...keys,
    }),
    cleanup: runnerStatements(ctx, 'stage_drop_work', { work_table: work }),
    workTable,
  };
}

/** How one model is rebuilt, under which operation, reporting batches and recording changes when asked. */
export interface RebuildOptions {
  readonly fullRefresh: boolean;
  readonly operationId: string;
  readonly onBatch?: (p: BatchProgress) => void;
  readonly changes?: ChangeCapture;
  /** Finishing an operation that may have checkpointed batches (a fresh operation has none to look for). */
  readonly resuming?: boolean;
}

/** Rebuilds one model under its lock; a failure is reported in the result, never half-applied. */
export async function rebuildModel(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: RebuildOptions): Promise<ModelResult> {
  let release: Release;
  try {
    release = await takeLock(wh, ctx, `model:${model.name}`);
  } catch (err) {
    const stage = `${ctx.project.config.tables.stage_schema}.${model.name}`;
    return { model: model.name, stage_table: stage, mode: 'days', reason: 'locked', days: [], rows: 0, status: 'failed', error: firstLine(err) };
  }
  try {
    return await rebuildLocked(wh, ctx, model, opts);
  } finally {
    await release();
  }
}

async function rebuildLocked(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: RebuildOptions): Promise<ModelResult> {
  const { fullRefresh, operationId, onBatch, changes } = opts;
  wh.setLabels?.({ backfill_operation_id: operationId, backfill_model: model.name });
  const batchDays = ctx.project.vars.batch_days;
  const planned = opts.resuming ? await batchesOf(wh, ctx, operationId, model.name) : [];
  if (planned.length > 0) return runBatches(wh, ctx, model, operationId, onBatch, changes); // resuming
  const plan = await planModel(wh, ctx, model, { fullRefresh });
  const base = { model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days };
  if (plan.mode === 'full' && batchDays !== null && model.config.materialized === 'incremental') {
    try {
      await planBatches(wh, ctx, model, operationId, batchDays, plan.highWater);
      return await runBatches(wh, ctx, model, operationId, onBatch, changes);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return { ...base, rows: 0, status: 'failed', error: `${firstLine(err)} (finish it with 'backfill resume ${operationId}')` };
    }
  }
  const all = async (statements: readonly Statement[]): Promise<void> => {
    for (const s of statements) await wh.run(s);
  };
  try {
    const st = rebuildStatements(ctx, plan);
    const d = ctx.compiled.env.dialect;
    const counted = new Sql(d.quoteTable(st.workTable ?? plan.stageTable));
    // A full rebuild feeding changes keeps the old rows aside to compare with (none on a first run).
    const snapshotName = changes && plan.mode === 'full' && plan.columns !== null ? `${d.workSchema ?? ctx.project.config.tables.stage_schema}.__backfill_before_${model.name}` : null;
    const snapshot = snapshotName ? new Sql(d.quoteTable(snapshotName)) : null;
    const capture = async (): Promise<void> => {
      if (!changes) return;
      const stage = new Sql(d.quoteTable(plan.stageTable));
      if (plan.mode === 'days') {
        const replaced = { ranges: daysToRanges(plan.days), moved_within: dedupRanges(daysToRanges(plan.days), ctx.project.vars.dedup_window_days), stage_table: stage };
        await all(captureStatements(ctx, changes, { model, columns: plan.columns ?? [], afterTable: counted, replaced, operationId }));
        return;
      }
      const now = (await wh.columns(plan.stageTable)) ?? [];
      const replaced = { before_table: snapshot ?? stage, before_empty: snapshot === null, all_changed: (plan.columns ?? []).join(',') !== now.join(',') };
      await all(captureStatements(ctx, changes, { model, columns: now, afterTable: stage, replaced, operationId }));
    };
    const buildAndCount = async (): Promise<number> => {
      if (snapshot) await all(runnerStatements(ctx, 'changes_snapshot', { snapshot, stage_table: new Sql(d.quoteTable(plan.stageTable)) }));
      await all(st.build);
      if (st.workTable) await checkColumns(wh, st.workTable, plan);
      if (plan.mode === 'full') await capture();
      return Number((await wh.run(runnerStatement(ctx, 'table_count', { table: counted }))).rows[0]?.['row_count'] ?? 0);
    };
    const swapAndMark = async (): Promise<void> => {
      if (plan.mode === 'days') await capture();
      await all(st.swap);
      const watermark = plan.highWater === null ? null : new TimestampText(plan.highWater);
      await all(runnerStatements(ctx, 'model_watermark_set', { model: model.name, watermark, last_run_at: new Date(), operation_id: operationId }));
    };
    let rows: number;
    if (wh.transactionalDdl) {
      rows = await wh.transaction(async () => {
        const n = await buildAndCount();
        await swapAndMark();
        await all(st.cleanup);
        if (snapshot) await all(runnerStatements(ctx, 'stage_drop_work', { work_table: snapshot }));
        return n;
      });
    } else {
      // DDL cannot join a transaction here (BigQuery): build outside, swap the days atomically, always clean up.
      try {
        rows = await buildAndCount();
        await wh.transaction(swapAndMark);
      } finally {
        await all(st.cleanup).catch(() => undefined);
        if (snapshot) await all(runnerStatements(ctx, 'stage_drop_work', { work_table: snapshot })).catch(() => undefined);
      }
    }
    return { ...base, rows, status: 'succeeded' };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return { ...base, rows: 0, status: 'failed', error: firstLine(err) };
  }
}

async function checkColumns(wh: Warehouse, workTable: string, plan: ModelPlan): Promise<void> {
  const now = (await wh.columns(workTable)) ?? [];
  const before = plan.columns ?? [];
  if (now.join(',') !== before.join(',')) {
    throw new OperationError(`${plan.stageTable}: the model's columns changed (${before.join(', ')} → ${now.join(', ')}); rebuild it with --full-refresh`);
  }
}
