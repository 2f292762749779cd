/**
 * The copy index (DuckDB, `TargetAdapter.indexesCopies`): which other days hold copies of a day-limited rebuild's
 * ids (SPEC §3 rule 1: an event belongs to its first copy's day, wherever that is), looked up from each original
 * row's id hash and day instead of a join with every other day's ids. Kept in each rebuild's transaction: a
 * day-limited rebuild replaces its days' rows, a full rebuild (or the first use) all of the event name's.
 */
import { addDays, daysToRanges, dayStart, isoDay, type DayRange } from '../compiler/days';
import { copyKey, type CopyLookups } from '../compiler/render-state';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import type { Warehouse } from '../targets/warehouse';
import { COPY_DAYS_LOOKUP, COPY_DAYS_REFRESH } from './sql';

export interface CopyPlan {
  /** The other days holding copies of the ids in the days rebuilt whole (null: not looked up, every day is searched). */
  readonly copyDays: readonly string[] | null;
  /** The index of the model's event name is missing or incomplete: this rebuild builds it whole. */
  readonly buildCopyIndex: boolean;
}

const NOT_INDEXED: CopyPlan = { copyDays: null, buildCopyIndex: false };

/**
 * Where copies of the ids in `wholeDays` lie elsewhere, by the index; not looked up (every other day is searched, as
 * without an index) when `vars.dedup_window_days` bounds the search already or the index is not complete yet.
 */
export async function planCopies(wh: Warehouse, ctx: RunContext, model: ModelDef, wholeDays: readonly string[]): Promise<CopyPlan> {
  if (!ctx.compiled.env.adapter.indexesCopies) return NOT_INDEXED;
  if ((await wh.columns(`${ctx.project.config.tables.framework_schema}.copy_days_built`)) === null) return { copyDays: null, buildCopyIndex: true };
  if (wholeDays.length === 0) return NOT_INDEXED;
  const row = (await wh.run(runnerStatement(ctx, COPY_DAYS_LOOKUP, { event_name: model.config.event_name, ranges: daysToRanges(wholeDays) }))).rows[0];
  if (Number(row?.['built'] ?? 0) === 0) return { copyDays: null, buildCopyIndex: true };
  if (ctx.project.vars.dedup_window_days !== null) return NOT_INDEXED;
  const days = row?.['days'];
  return { copyDays: Array.isArray(days) ? days.map((d) => String(d)) : [], buildCopyIndex: false };
}

/** The statements keeping the index of a rebuild: its whole days replaced, or (full, first use) the event name's rows. */
export function copyIndexStatements(ctx: RunContext, plan: { readonly model: ModelDef; readonly mode: 'full' | 'days'; readonly buildCopyIndex?: boolean }, wholeDays: readonly string[]): Statement[] {
  if (!ctx.compiled.env.adapter.indexesCopies) return [];
  const event_name = plan.model.config.event_name;
  if (plan.mode === 'full' || plan.buildCopyIndex) return runnerStatements(ctx, COPY_DAYS_REFRESH, { event_name });
  return wholeDays.length === 0 ? [] : runnerStatements(ctx, COPY_DAYS_REFRESH, { event_name, ranges: daysToRanges(wholeDays) });
}

/**
 * An operation's lookups (`asks`, from its first render): the other days holding copies of the ids in each set of
 * days, plus the run window's days (rows may have arrived there since the last rebuild indexed them). Left out
 * (every other day searched) where the index is not complete or `vars.dedup_window_days` bounds the search.
 */
export async function lookupCopies(wh: Warehouse, ctx: RunContext, asks: CopyLookups['asked']): Promise<CopyLookups['found']> {
  const found = new Map<string, readonly DayRange[]>();
  if (!ctx.compiled.env.adapter.indexesCopies || ctx.project.vars.dedup_window_days !== null || asks.length === 0) return found;
  if ((await wh.columns(`${ctx.project.config.tables.framework_schema}.copy_days_built`)) === null) return found;
  for (const ask of asks) {
    const row = (await wh.run(runnerStatement(ctx, COPY_DAYS_LOOKUP, { event_name: ask.eventName, ranges: ask.ranges }))).rows[0];
    if (Number(row?.['built'] ?? 0) === 0) continue;
    const inRanges = (day: string): boolean => ask.ranges.some((r) => day >= isoDay(r.start) && day < isoDay(r.end));
    const listed = Array.isArray(row?.['days']) ? (row['days'] as unknown[]).map((d) => String(d)) : [];
    const offset = ctx.project.vars.current_date_offset;
    const window = Array.from({ length: offset + 1 }, (_, i) => isoDay(addDays(dayStart(ctx.asOf), i - offset)));
    const days = [...new Set([...listed, ...window])].filter((d) => !inRanges(d)).sort();
    found.set(copyKey(ask.eventName, ask.ranges), daysToRanges(days));
  }
  return found;
}
