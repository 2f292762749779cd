import { daysToRanges, dedupRanges, type DayRange } from '../compiler/days';
import { TimestampText } from '../compiler/dialect';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { firstLine, OperationError, UsageError } from '../errors';
import { takeLock } from '../ledger/locks';
import { captureStatements, wholeTableReplaced, type ChangeCapture, type ReplacedRows } from '../changes/outbox';
import type { Release, Warehouse } from '../targets/warehouse';
import { batchesOf, planBatches, runBatches, type BatchProgress } from './batches';
import { planModel, type ModelPlan } from './plan-days';
import type { ModelResult } from './run';
import { modelSql } from './run';
import { absentEventNameRefusal, emptyResultRefusal, stagedRows } from './empty-refresh';
import { CLEAR_DAYS, COLUMNS_PROBE, DROP_MOVED, DROP_WORK, FULL_BUILD, INSERT_DAYS, NEW_ROWS, NEXT_SWAP, REPLACE_DAYS, TABLE_COUNT, WATERMARK_SET } from './sql';
import { CHANGES_SNAPSHOT } from '../changes/sql';

/** The statements of one model's rebuild, by phase. */
export interface RebuildStatements {
  /** Keeps the old rows aside before a full rebuild that feeds changes (empty otherwise). */
  readonly prepare: readonly Statement[];
  /** Builds the new rows: the whole stage table (full), or a work table holding the rebuilt days. */
  readonly build: readonly Statement[];
  /** Checks the new rows' columns without computing any (days built in place; null otherwise). */
  readonly probe: Statement | null;
  /** Swaps the new rows in for the rebuilt days (empty for a full rebuild, unless built into the next table). */
  readonly swap: readonly Statement[];
  /** The swap is DDL (the next table copied over the stage table): outside the transaction where DDL cannot join one. */
  readonly swapIsDdl?: boolean;
  /** The swap's statement inserting the new rows straight from the model: its changed rows are the count (in place). */
  readonly insert: Statement | null;
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
  return `${ctx.compiled.env.adapter.workSchema ?? ctx.project.config.tables.stage_schema}.${prefix}${model.name}`;
}

/**
 * The statements that rebuild one model as planned (`feed`: keep what the change feed compares with). `viaNext` (a
 * full rebuild where DDL cannot join a transaction, BigQuery): the new rows are built into the next table, counted,
 * and only then copied over the stage table in one CREATE OR REPLACE (readers see the old table or the new one), so
 * a rebuild selecting no rows can be refused with the stage table untouched. The copy scans the new table once more.
 */
export function rebuildStatements(ctx: RunContext, plan: ModelPlan, feed = false, viaNext = false): RebuildStatements {
  const d = ctx.compiled.env.dialect;
  const stage = new Sql(d.quoteTable(plan.stageTable));
  const keys = { partition_by: plan.model.config.partition_by, unique_key: plan.model.config.unique_key };
  if (plan.mode === 'full' && viaNext) {
    // Not the batched refresh's next table: that one may be waiting for `resume`.
    const nextTable = `${ctx.project.config.tables.stage_schema}.__backfill_full_${plan.model.name}`;
    const next = new Sql(d.quoteTable(nextTable));
    return {
      prepare: [],
      build: runnerStatements(ctx, FULL_BUILD, { stage_table: next, model_sql: new Sql(modelSql(ctx, plan.model, null)), ...keys }),
      probe: null,
      swap: runnerStatements(ctx, NEXT_SWAP, { stage_table: stage, next_table: next, stage_name: plan.model.name, ...keys }),
      swapIsDdl: true,
      insert: null,
      cleanup: runnerStatements(ctx, DROP_WORK, { work_table: next }),
      workTable: nextTable,
      written: next,
      // The stage table still holds the old rows until the swap: the feed compares with it directly.
      replaced: (built) => wholeTableReplaced(plan.columns, built, stage, next),
    };
  }
  if (plan.mode === 'full') {
    const build = runnerStatements(ctx, FULL_BUILD, { stage_table: stage, model_sql: new Sql(modelSql(ctx, plan.model, null)), ...keys });
    // A full rebuild feeding changes keeps the old rows aside to compare with (none on a first run).
    const snapshot = feed && plan.columns !== null ? new Sql(d.quoteTable(scratchTable(ctx, '__backfill_before_', plan.model))) : null;
    return {
      prepare: snapshot ? runnerStatements(ctx, CHANGES_SNAPSHOT, { snapshot, stage_table: stage }) : [],
      build,
      probe: null,
      swap: [],
      insert: null,
      cleanup: snapshot ? runnerStatements(ctx, DROP_WORK, { work_table: snapshot }) : [],
      workTable: null,
      written: stage,
      replaced: (built) => wholeTableReplaced(plan.columns, built, snapshot ?? stage, stage),
    };
  }
  // Whole days, and the days where only the corrected events (`touched`) are replaced.
  const ranges = daysToRanges(plan.days.filter((day) => !plan.eventDays.includes(day)));
  const byEvent = plan.touched ? { touched: plan.touched, event_ranges: daysToRanges(plan.eventDays) } : { touched: null, event_ranges: null };
  const movedWithin = dedupRanges(ranges, ctx.project.vars.dedup_window_days);
  const replaced = { ranges, moved_within: movedWithin, stage_table: stage, ...byEvent };
  const modelText = new Sql(modelSql(ctx, plan.model, ranges, { touched: plan.touched }));
  const columnNames = plan.columns ?? [];
  if (ctx.compiled.env.adapter.buildsDaysInPlace && !feed) {
    // Straight into the cleared days, then the old copies of the new rows' keys go (nothing to compare: no feed).
    const insert = runnerStatement(ctx, INSERT_DAYS, { stage_table: stage, model_sql: modelText, column_names: columnNames });
    const parts = movedParts(ranges, byEvent.event_ranges, movedWithin);
    const dropMoved = parts.length === 0 ? [] : runnerStatements(ctx, DROP_MOVED, { stage_table: stage, parts, ...byEvent, ...keys });
    return {
      prepare: [],
      build: [],
      probe: runnerStatement(ctx, COLUMNS_PROBE, { model_sql: new Sql(modelSql(ctx, plan.model, null, { probe: true })) }),
      swap: [...runnerStatements(ctx, CLEAR_DAYS, { stage_table: stage, ranges, ...byEvent, ...keys }), insert, ...dropMoved],
      insert,
      cleanup: [],
      workTable: null,
      written: stage,
      replaced,
    };
  }
  const workTable = scratchTable(ctx, '__backfill_work_', plan.model);
  const work = new Sql(d.quoteTable(workTable));
  return {
    prepare: [],
    build: runnerStatements(ctx, NEW_ROWS, { work_table: work, model_sql: modelText }),
    probe: null,
    swap: runnerStatements(ctx, REPLACE_DAYS, { stage_table: stage, work_table: work, ranges, moved_within: movedWithin, column_names: columnNames, ...byEvent, ...keys }),
    insert: null,
    cleanup: runnerStatements(ctx, DROP_WORK, { work_table: work }),
    workTable,
    written: work,
    replaced,
  };
}

/**
 * Where rebuild/drop_moved looks for old copies: each part of the dedup window around the days rebuilt whole, with the
 * rebuilt days in it (`fresh`) and the days corrected event by event in it (`events`, null when none); parts holding
 * nothing but rebuilt days are left out (no old copy can be there). Unbounded window: one part, every day (`days` null).
 */
export function movedParts(ranges: readonly DayRange[], eventRanges: readonly DayRange[] | null, movedWithin: readonly DayRange[] | null): MovedPart[] {
  if (movedWithin === null) return [{ days: null, fresh: ranges, events: eventRanges }];
  const parts: MovedPart[] = [];
  for (const part of movedWithin) {
    const fresh = intersect(ranges, part);
    const events = intersect(eventRanges ?? [], part);
    const covered = fresh.reduce((n, r) => n + (r.end.getTime() - r.start.getTime()), 0) === part.end.getTime() - part.start.getTime();
    if (fresh.length > 0 && (!covered || events.length > 0)) parts.push({ days: [part], fresh, events: events.length > 0 ? events : null });
  }
  return parts;
}

export interface MovedPart {
  readonly days: readonly DayRange[] | null;
  readonly fresh: readonly DayRange[];
  readonly events: readonly DayRange[] | null;
}

function intersect(ranges: readonly DayRange[], within: DayRange): DayRange[] {
  const out: DayRange[] = [];
  for (const r of ranges) {
    const start = Math.max(r.start.getTime(), within.start.getTime());
    const end = Math.min(r.end.getTime(), within.end.getTime());
    if (start < end) out.push({ start: new Date(start), end: new Date(end) });
  }
  return out;
}

/** How one model is rebuilt, under which operation, reporting batches and recording changes when asked. */
export interface RebuildOptions {
  readonly fullRefresh: boolean;
  readonly operationId: string;
  readonly onBatch?: (p: BatchProgress) => void;
  readonly changes?: ChangeCapture;
  /** Finishing an operation that may have checkpointed batches (a fresh operation has none to look for). */
  readonly resuming?: boolean;
  /** `--allow-empty`: a full refresh may replace a non-empty stage table with an empty one. */
  readonly allowEmpty?: boolean;
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
  } catch (err) {
    // Planning failed (a side table altered, a column missing...): a failed model with its error, like a failed build.
    if (err instanceof UsageError) throw err;
    const stage = `${ctx.project.config.tables.stage_schema}.${model.name}`;
    return { model: model.name, stage_table: stage, mode: opts.fullRefresh ? 'full' : 'days', reason: 'planning failed', days: [], rows: 0, status: 'failed', error: firstLine(err) };
  } finally {
    await release();
  }
}

async function rebuildLocked(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: RebuildOptions): Promise<ModelResult> {
  const { fullRefresh, operationId, onBatch, changes } = opts;
  wh.setLabels?.({ backfill_operation_id: operationId, backfill_model: model.name });
  const batchDays = ctx.project.vars.batch_days;
  const planned = opts.resuming ? await batchesOf(wh, ctx, operationId, model.name) : [];
  const allowEmpty = opts.allowEmpty === true;
  if (planned.length > 0) return runBatches(wh, ctx, model, operationId, onBatch, changes, allowEmpty); // resuming
  const plan = await planModel(wh, ctx, model, { fullRefresh });
  const base = { model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days };
  // A rebuild (full, or of days: every scheduled run) of a non-empty stage table: refused before anything is replaced
  // when its event name has no events. Days: the presence query first, the table counted only when it finds none.
  const staged = plan.mode === 'full' && !allowEmpty ? await stagedRows(wh, ctx, plan.stageTable, plan.columns !== null) : 0;
  const absent = allowEmpty ? null : await absentEventNameRefusal(wh, ctx, model, plan.mode === 'full' ? staged : () => stagedRows(wh, ctx, plan.stageTable, plan.columns !== null));
  if (absent !== null) return { ...base, rows: 0, status: 'failed', error: absent };
  if (plan.mode === 'full' && batchDays !== null && model.config.materialized === 'incremental') {
    try {
      await planBatches(wh, ctx, model, operationId, batchDays, plan.watermark);
      return await runBatches(wh, ctx, model, operationId, onBatch, changes, allowEmpty);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return { ...base, rows: 0, status: 'failed', error: `${firstLine(err)} (finish it with 'backfill resume ${operationId}')` };
    }
  }
  const all = async (statements: readonly Statement[]): Promise<void> => {
    for (const s of statements) await wh.run(s);
  };
  try {
    // Where DDL cannot join a transaction, a full rebuild over a non-empty stage table goes through the next table,
    // so that an empty result is refused before it replaces anything.
    const st = rebuildStatements(ctx, plan, changes !== undefined, plan.mode === 'full' && staged > 0 && !wh.adapter.transactionalDdl);
    // The change feed compares the new rows with the ones they replace, before those are gone.
    const capture = async (): Promise<void> => {
      if (!changes) return;
      const columns = typeof st.replaced === 'function' ? ((await wh.columns(st.workTable ?? plan.stageTable)) ?? []) : (plan.columns ?? []);
      const replaced = typeof st.replaced === 'function' ? st.replaced(columns) : st.replaced;
      await all(captureStatements(ctx, changes, { model, columns, afterTable: st.written, replaced, operationId }));
    };
    /** Builds the new rows and counts them (null when they are inserted in place: the swap counts them). */
    const buildAndCount = async (): Promise<number | null> => {
      await all(st.prepare);
      await all(st.build);
      if (st.workTable && plan.mode === 'days') checkColumns((await wh.columns(st.workTable)) ?? [], plan); // a full rebuild may change them
      if (st.probe) checkColumns((await wh.run(st.probe)).columns ?? [], plan);
      let n: number | null = null;
      if (!st.insert) {
        n = Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table: st.written }))).rows[0]?.['row_count'] ?? 0);
        // Inside the transaction (DDL is transactional here): refusing rolls the replaced table back; else the new
        // rows are in a table of their own (the stage table untouched, nothing captured yet), dropped by the cleanup.
        if (n === 0 && staged > 0 && (wh.adapter.transactionalDdl || st.swapIsDdl)) throw new OperationError(emptyResultRefusal(model, staged));
      }
      if (plan.mode === 'full') await capture();
      return n;
    };
    /** Swaps the new rows in and moves the watermark; returns the rows the swap inserted (in place), else 0. */
    const swap = async (): Promise<number> => {
      if (plan.mode === 'days') await capture();
      let inserted = 0;
      for (const s of st.swap) {
        const result = await wh.run(s);
        if (s === st.insert) inserted = result.rowsChanged;
      }
      return inserted;
    };
    const mark = async (): Promise<void> => {
      const watermark = plan.watermark === null ? null : new TimestampText(plan.watermark);
      await all(runnerStatements(ctx, WATERMARK_SET, { model: model.name, watermark, last_run_at: new Date(), operation_id: operationId }));
    };
    const swapAndMark = async (): Promise<number> => {
      const inserted = await swap();
      await mark();
      return inserted;
    };
    let rows: number;
    if (wh.adapter.transactionalDdl) {
      rows = await wh.transaction(async () => {
        const n = await buildAndCount();
        const inserted = await swapAndMark();
        await all(st.cleanup);
        return n ?? inserted;
      });
    } else {
      // DDL cannot join a transaction here (BigQuery): build outside, swap the days atomically, always clean up.
      try {
        rows = (await buildAndCount()) ?? 0;
        if (st.swapIsDdl) {
          // The copy over the stage table is one atomic DDL statement; the watermark follows in a transaction.
          await swap();
          await wh.transaction(mark);
        } else await wh.transaction(swapAndMark);
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

function checkColumns(now: readonly string[], plan: ModelPlan): void {
  const before = plan.columns ?? [];
  if (now.join(',') !== before.join(',')) {
    throw new OperationError(`${plan.stageTable}: the model's columns changed (${before.join(', ')} → ${now.join(', ')}); rebuild it with --full-refresh`);
  }
}
