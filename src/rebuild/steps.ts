/** The pure half of a model's rebuild: the statements that rebuild it as planned, by phase (run by execute.ts). */
import { daysToRanges, dedupRanges, type DayRange } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { modelSql } from './model-sql';
import { modelColumns } from './model-columns';
import { copyIndexStatements } from './copy-index';
import type { ModelPlan } from './plan-days';
import { wholeTableReplaced, type ReplacedRows } from '../changes/capture';
import { CLEAR_DAYS, COLUMNS_PROBE, DROP_MOVED, DROP_WORK, FULL_BUILD, INSERT_DAYS, NEW_ROWS, NEXT_SWAP, REPLACE_DAYS } from './sql';
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
  const keys = { partition_by: plan.model.config.partition_by, unique_key: plan.model.config.unique_key, day_index: selectsPartition(ctx, plan.model) };
  if (plan.mode === 'full' && viaNext) return fullViaNext(ctx, plan, stage, keys);
  if (plan.mode === 'full') return fullInPlace(ctx, plan, feed, stage, keys);
  return daysRebuilt(ctx, plan, feed, stage, keys);
}

/** A model's key columns, as the stage templates take them. */
type Keys = { readonly partition_by: string; readonly unique_key: string; readonly day_index: boolean };

/** Whether a model's rows carry its partition column (so a stage index by day can be built): yes unless its select list says no. */
export function selectsPartition(ctx: RunContext, model: ModelDef): boolean {
  const columns = modelColumns(modelSql(ctx, model, null, { probe: true }), ctx.compiled.env.dialect.backslashEscapes);
  return columns === null || columns.includes(model.config.partition_by.toLowerCase());
}

/** A full rebuild into the next table, copied over the stage table once counted (see `viaNext`). */
function fullViaNext(ctx: RunContext, plan: ModelPlan, stage: Sql, keys: Keys): RebuildStatements {
  const d = ctx.compiled.env.dialect;
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

/** A full rebuild replacing the stage table in place (in the transaction, where DDL can join one). */
function fullInPlace(ctx: RunContext, plan: ModelPlan, feed: boolean, stage: Sql, keys: Keys): RebuildStatements {
  const d = ctx.compiled.env.dialect;
  const build = [...runnerStatements(ctx, FULL_BUILD, { stage_table: stage, model_sql: new Sql(modelSql(ctx, plan.model, null)), ...keys }), ...copyIndexStatements(ctx, plan, [])];
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

/** Whether a day rebuild inserts the model's rows straight into the stage table (else: into a work table, counted before the swap). */
export function buildsDaysInPlace(ctx: RunContext, feed: boolean): boolean {
  return ctx.compiled.env.adapter.buildsDaysInPlace && !feed;
}

/** Whole days, and the days where only the corrected events (`touched`) are replaced: in place, or via a work table. */
function daysRebuilt(ctx: RunContext, plan: ModelPlan, feed: boolean, stage: Sql, keys: Keys): RebuildStatements {
  const d = ctx.compiled.env.dialect;
  const wholeDays = plan.days.filter((day) => !plan.eventDays.includes(day));
  const ranges = daysToRanges(wholeDays);
  const byEvent = plan.touched ? { touched: plan.touched, event_ranges: daysToRanges(plan.eventDays) } : { touched: null, event_ranges: null };
  // Old rows of the rebuilt keys: on the days the copy index names (one part), else within the dedup window, else anywhere.
  const copyRanges = plan.copyDays ? daysToRanges(plan.copyDays) : null;
  const movedWithin = copyRanges ? null : dedupRanges(ranges, ctx.project.vars.dedup_window_days);
  const replaced = { ranges, moved_within: movedWithin, stage_table: stage, ...byEvent };
  const modelText = new Sql(modelSql(ctx, plan.model, ranges, { touched: plan.touched, copyRanges }));
  const columnNames = plan.columns ?? [];
  const index = copyIndexStatements(ctx, plan, wholeDays);
  if (buildsDaysInPlace(ctx, feed)) {
    // Straight into the cleared days, then the old copies of the new rows' keys go (nothing to compare: no feed).
    const insert = runnerStatement(ctx, INSERT_DAYS, { stage_table: stage, model_sql: modelText, column_names: columnNames });
    const parts = copyRanges ? copyParts(ranges, byEvent.event_ranges, copyRanges) : movedParts(ranges, byEvent.event_ranges, movedWithin);
    const dropMoved = parts.length === 0 ? [] : runnerStatements(ctx, DROP_MOVED, { stage_table: stage, parts, ...byEvent, ...keys });
    return {
      prepare: [],
      build: [],
      probe: runnerStatement(ctx, COLUMNS_PROBE, { model_sql: new Sql(modelSql(ctx, plan.model, null, { probe: true })) }),
      swap: [...index, ...runnerStatements(ctx, CLEAR_DAYS, { stage_table: stage, ranges, ...byEvent, ...keys }), insert, ...dropMoved],
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
    build: runnerStatements(ctx, NEW_ROWS, { work_table: work, model_sql: modelText, partition_by: plan.model.config.partition_by }),
    probe: null,
    swap: [...index, ...runnerStatements(ctx, REPLACE_DAYS, { stage_table: stage, work_table: work, ranges, moved_within: movedWithin, column_names: columnNames, touched_ids: plan.touched?.ids ?? null, ...byEvent, ...keys })],
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

/** With the copy index: the old rows of the rebuilt keys can only sit on the days it names (none: nothing to delete). */
function copyParts(ranges: readonly DayRange[], eventRanges: readonly DayRange[] | null, copyRanges: readonly DayRange[]): MovedPart[] {
  return copyRanges.length === 0 || ranges.length === 0 ? [] : [{ days: copyRanges, fresh: ranges, events: eventRanges }];
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
