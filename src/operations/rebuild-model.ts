import { daysToRanges, dedupRanges } from '../compiler/events-schema';
import { TimestampText } from '../compiler/dialect';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/render';
import { Sql, type Statement } from '../compiler/sql';
import { firstLine, OperationError, UsageError } from '../errors';
import { takeLock } from '../ledger/locks';
import { captureStatements, wholeTableReplaced, type ChangeCapture, type ReplacedRows } from '../changes/outbox';
import type { Release, Warehouse } from '../warehouse/warehouse';
import { batchesOf, planBatches, runBatches, type BatchProgress } from './batched-refresh';
import { planModel, type ModelPlan } from './planner';
import type { ModelResult } from './run-models';
import { modelSql } from './run-models';

/** The statements of one model's rebuild, by phase. */
export interface RebuildStatements {
  /** Keeps the old rows aside before a full rebuild that feeds changes (empty otherwise). */
  readonly prepare: readonly Statement[];
  /** Builds the new rows: the whole stage table (full), or a work table holding the rebuilt days. */
  readonly build: readonly Statement[];
  /** Swaps the work table's rows in for the rebuilt days (empty for a full rebuild). */
  readonly swap: readonly Statement[];
  /** Drops the work table (and the rows kept aside). */
  readonly cleanup: readonly Statement[];
  readonly workTable: string | null;
  /** Where the new rows are once built: the work table, or the stage table itself. */
  readonly written: Sql;
  /** For the change feed: the old rows the new ones replace (days: known now; full: once the columns are built). */
  readonly replaced: ReplacedRows | ((builtColumns: readonly string[]) => ReplacedRows);
}

/** A table for one rebuild's own use: session-private where the target has that (DuckDB), else in the stage schema. */
function scratchTable(ctx: RunContext, prefix: string, model: ModelDef): string {
  return `${ctx.compiled.env.dialect.workSchema ?? ctx.project.config.tables.stage_schema}.${prefix}${model.name}`;
}

/** The statements that rebuild one model as planned (`feed`: keep what the change feed compares with). */
export function rebuildStatements(ctx: RunContext, plan: ModelPlan, feed = false): RebuildStatements {
  const d = ctx.compiled.env.dialect;
  const stage = new Sql(d.quoteTable(plan.stageTable));
  const keys = { partition_by: plan.model.config.partition_by, unique_key: plan.model.config.unique_key };
  if (plan.mode === 'full') {
    const build = runnerStatements(ctx, 'stage_full', { stage_table: stage, model_sql: new Sql(modelSql(ctx, plan.model, null)), ...keys });
    // A full rebuild feeding changes keeps the old rows aside to compare with (none on a first run).
    const snapshot = feed && plan.columns !== null ? new Sql(d.quoteTable(scratchTable(ctx, '__backfill_before_', plan.model))) : null;
    return {
      prepare: snapshot ? runnerStatements(ctx, 'changes_snapshot', { snapshot, stage_table: stage }) : [],
      build,
      swap: [],
      cleanup: snapshot ? runnerStatements(ctx, 'stage_drop_work', { work_table: snapshot }) : [],
      workTable: null,
      written: stage,
      replaced: (built) => wholeTableReplaced(plan.columns, built, snapshot ?? stage, stage),
    };
  }
  // Whole days, and the days where only the corrected events (`touched`) are replaced.
  const ranges = daysToRanges(plan.days.filter((day) => !plan.eventDays.includes(day)));
  const byEvent = plan.touched ? { touched: plan.touched, event_ranges: daysToRanges(plan.eventDays) } : { touched: null, event_ranges: null };
  const movedWithin = dedupRanges(ranges, ctx.project.vars.dedup_window_days);
  const workTable = scratchTable(ctx, '__backfill_work_', plan.model);
  const work = new Sql(d.quoteTable(workTable));
  return {
    prepare: [],
    build: runnerStatements(ctx, 'stage_new_rows', { work_table: work, model_sql: new Sql(modelSql(ctx, plan.model, ranges, { touched: plan.touched })) }),
    swap: runnerStatements(ctx, 'stage_replace_days', { stage_table: stage, work_table: work, ranges, moved_within: movedWithin, column_names: plan.columns ?? [], ...byEvent, ...keys }),
    cleanup: runnerStatements(ctx, 'stage_drop_work', { work_table: work }),
    workTable,
    written: work,
    replaced: { ranges, moved_within: movedWithin, stage_table: stage, ...byEvent },
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
    const st = rebuildStatements(ctx, plan, changes !== undefined);
    // The change feed compares the new rows with the ones they replace, before those are gone.
    const capture = async (): Promise<void> => {
      if (!changes) return;
      const columns = typeof st.replaced === 'function' ? ((await wh.columns(plan.stageTable)) ?? []) : (plan.columns ?? []);
      const replaced = typeof st.replaced === 'function' ? st.replaced(columns) : st.replaced;
      await all(captureStatements(ctx, changes, { model, columns, afterTable: st.written, replaced, operationId }));
    };
    const buildAndCount = async (): Promise<number> => {
      await all(st.prepare);
      await all(st.build);
      if (st.workTable) await checkColumns(wh, st.workTable, plan);
      if (plan.mode === 'full') await capture();
      return Number((await wh.run(runnerStatement(ctx, 'table_count', { table: st.written }))).rows[0]?.['row_count'] ?? 0);
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
        return n;
      });
    } else {
      // DDL cannot join a transaction here (BigQuery): build outside, swap the days atomically, always clean up.
      try {
        rows = await buildAndCount();
        await wh.transaction(swapAndMark);
      } finally {
        await all(st.cleanup).catch(() => undefined);
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
