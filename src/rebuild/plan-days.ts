import { TimestampText } from '../compiler/dialect';
import { addDays, dayStart, isoDay } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { WarehouseError } from '../errors';
import { jobsLocationFor } from '../targets/registry';
import type { Row, Warehouse } from '../targets/warehouse';
import { isRowWise, partitionFollowsEvents } from './row-wise';
import type { TouchedEvents } from '../compiler/render-state';
import { modelSql } from './model-sql';
import { planCopies } from './copy-index';
import { OPEN_WRITES, OPEN_WRITES_MARGIN, PLAN_STATE, TOUCHED_DAYS } from './sql';

/** What one model's rebuild will cover. */
export interface ModelPlan {
  readonly model: ModelDef;
  readonly stageTable: string;
  /** `full`: the whole table is rebuilt; `days`: only `days` are replaced. */
  readonly mode: 'full' | 'days';
  readonly reason: string;
  readonly days: readonly string[];
  readonly windowDays: readonly string[];
  readonly touchedDays: readonly string[];
  /** Days of `days` outside the window where only the corrected events are replaced (see `correctsByEvents`). */
  readonly eventDays: readonly string[];
  /** Which events those are: the ones with side-table rows written since the watermark (null: no such days). */
  readonly touched: TouchedEvents | null;
  /** The side tables' high-water mark read before the rebuild: what it applies (the `upto` of touched rows). */
  readonly highWater: string | null;
  /**
   * The model's watermark once the rebuild succeeds: the high-water mark, or just before the oldest transaction still
   * open when it was read (its rows may commit later with an older inserted_at; the next run reads them again).
   */
  readonly watermark: string | null;
  readonly columns: readonly string[] | null;
  /** The other days holding copies of the ids in the days rebuilt whole, by the copy index (see copy-index.ts). */
  readonly copyDays?: readonly string[] | null;
  /** The copy index of the event name is to be built whole by this rebuild. */
  readonly buildCopyIndex?: boolean;
}

/** A model whose watermark is empty has seen no side-table row yet: every row is new to it. */
const EPOCH = '1970-01-01 00:00:00';

export interface PlanOptions {
  readonly fullRefresh: boolean;
}

/** Decides which days of a model to rebuild: its window, plus every day touched since its last successful run. */
export async function planModel(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: PlanOptions): Promise<ModelPlan> {
  const stageTable = `${ctx.project.config.tables.stage_schema}.${model.name}`;
  const columns = await wh.columns(stageTable);
  // Before the planning snapshot: where a transaction still open may yet commit side-table rows (none on DuckDB).
  const openSince = await oldestOpenWrite(wh, ctx);
  // One query (one job on BigQuery) for the high-water mark, the watermark and the reverts between them.
  const state = (await wh.run(runnerStatement(ctx, PLAN_STATE, { model: model.name, epoch: new TimestampText(EPOCH) }))).rows[0] ?? {};
  const highWater = state['high_water'] === null || state['high_water'] === undefined ? null : String(state['high_water']);
  const watermark = highWater !== null && openSince !== null && earlier(openSince, highWater) ? openSince : highWater;
  const base = { model, stageTable, highWater, watermark, columns, windowDays: [], touchedDays: [], days: [], eventDays: [], touched: null };
  if (opts.fullRefresh) return { ...base, mode: 'full', reason: '--full-refresh' };
  if (model.config.materialized === 'table') return { ...base, mode: 'full', reason: 'materialized: table' };
  if (columns === null) return { ...base, mode: 'full', reason: 'first run' };
  if (Number(state['has_watermark'] ?? 0) === 0) return { ...base, mode: 'full', reason: 'no watermark on record' };
  const since = state['watermark'] === null || state['watermark'] === undefined ? EPOCH : String(state['watermark']);
  const windowDays = currentWindow(ctx.asOf, ctx.project.vars.current_date_offset);
  // Nothing written since the watermark: no day is touched, and no query needs to say so.
  const bounds = highWater === null || Number(state['written_since'] ?? 1) === 0 ? null : { since: new TimestampText(since), upto: new TimestampText(highWater) };
  const reverted = bounds === null ? 0 : Number(state['reverted'] ?? 0);
  const touched = bounds === null ? { days: [], ids: null } : await daysTouched(wh, ctx, model, stageTable, { ...bounds, with_reverts: reverted > 0 });
  const touchedDays = touched.days;
  const days = [...new Set([...windowDays, ...touchedDays])].sort();
  const extra = days.filter((d) => !windowDays.includes(d));
  // After a revert an event may fall back to an original copy on any day: then whole days, as always.
  const eventDays = extra.length > 0 && bounds !== null && reverted === 0 && correctsByEvents(ctx, model) ? extra : [];
  const how = eventDays.length > 0 ? ' (corrected events only)' : '';
  const reason = `window of ${windowDays.length} days${extra.length ? ` + ${extra.length} touched${how}` : ''}`;
  const copies = await planCopies(wh, ctx, model, days.filter((d) => !eventDays.includes(d)));
  return { ...base, mode: 'days', reason, windowDays, touchedDays, days, eventDays, touched: eventDays.length > 0 && bounds !== null ? { ...bounds, ids: touched.ids } : null, ...copies };
}

/** At most this many touched ids are passed on to a rebuild's statements as a parameter (TouchedEvents.ids). */
export const TOUCHED_IDS_INLINE = 1000;

/**
 * The days of the side-table rows written (or reverted) since the watermark, and where their events sit in the stage
 * table now. That lookup (on BigQuery: the stage table's key column in every partition) is skipped when every row was
 * written by an operation recorded as keeping its events' days (rebuild/touched_days) and nothing was reverted.
 * Where each scan is billed, the touched ids too, when few (null otherwise).
 */
async function daysTouched(wh: Warehouse, ctx: RunContext, model: ModelDef, stageTable: string, bounds: { since: TimestampText; upto: TimestampText; with_reverts: boolean }): Promise<{ days: string[]; ids: string[] | null }> {
  const idLimit = ctx.compiled.env.adapter.billsBytes && !bounds.with_reverts ? TOUCHED_IDS_INLINE + 1 : null;
  const ask = async (stageLookup: boolean): Promise<readonly Row[]> =>
    (
      await wh.run(
        runnerStatement(ctx, TOUCHED_DAYS, {
          ...bounds,
          stage_lookup: stageLookup,
          id_limit: stageLookup ? null : idLimit,
          event_name: model.config.event_name,
          stage_table: new Sql(ctx.compiled.env.dialect.quoteTable(stageTable)),
          partition_by: model.config.partition_by,
          unique_key: model.config.unique_key,
        }),
      )
    ).rows;
  const given = (v: unknown): boolean => v !== null && v !== undefined;
  const first = bounds.with_reverts || !daysFollowEvents(ctx, model) ? null : await ask(false);
  const unkept = first?.find((r) => !given(r['day']) && !given(r['touched_id']))?.['unkept'];
  const rows = first === null || Number(unkept ?? 1) > 0 ? await ask(true) : first;
  const ids = first?.filter((r) => given(r['touched_id'])).map((r) => String(r['touched_id'])) ?? [];
  return {
    days: rows.filter((r) => given(r['day'])).map((r) => String(r['day']).slice(0, 10)),
    ids: idLimit !== null && ids.length < idLimit ? ids : null,
  };
}

/** See partitionFollowsEvents (row-wise.ts), for a model. */
function daysFollowEvents(ctx: RunContext, model: ModelDef): boolean {
  return partitionFollowsEvents(modelSql(ctx, model, null, { probe: true }), ctx.compiled.env.dialect.backslashEscapes, model.config.partition_by);
}

/** The target's query for the oldest write that may still commit (none where no other writer can be open: DuckDB). */
export function openWriteStatements(ctx: RunContext): Statement[] {
  return runnerStatements(ctx, OPEN_WRITES, { location: jobsLocationFor(ctx.project.target), margin_minutes: ctx.project.vars.late_commit_margin_minutes });
}

/** Per run: why watermarks were held back by the margin (hidden sessions, or no right to list open writes). */
const heldBack = new WeakMap<RunContext, { why: string; fix: string }>();

/**
 * The warning once per run when the target hid open writes from this role: other roles' sessions (PostgreSQL without
 * pg_read_all_stats), or the whole list (BigQuery without bigquery.jobs.listAll); watermarks then stay
 * `vars.late_commit_margin_minutes` behind. Null when nothing was hidden.
 */
export function hiddenSessionsWarning(ctx: RunContext): string | null {
  const held = heldBack.get(ctx);
  if (held === undefined) return null;
  heldBack.delete(ctx);
  const minutes = ctx.project.vars.late_commit_margin_minutes;
  return `${held.why}: watermarks stay ${minutes} minutes (vars.late_commit_margin_minutes) behind so their rows are not missed; ${held.fix}`;
}

/** Just before the oldest transaction open now that may still commit side-table rows (null: the target has none). */
async function oldestOpenWrite(wh: Warehouse, ctx: RunContext): Promise<string | null> {
  let since: string | null = null;
  for (const s of openWriteStatements(ctx)) {
    let row: Row | undefined;
    try {
      row = (await wh.run(s)).rows[0];
    } catch (err) {
      // No right to list open writes (BigQuery's INFORMATION_SCHEMA.JOBS needs bigquery.jobs.listAll): a run must
      // still work, so the watermark stays the margin behind the warehouse's clock instead, and the run warns.
      if (!(err instanceof WarehouseError) || !err.deniedAccess) throw err;
      const margin = runnerStatements(ctx, OPEN_WRITES_MARGIN, { margin_minutes: ctx.project.vars.late_commit_margin_minutes });
      for (const m of margin) row = (await wh.run(m)).rows[0];
      heldBack.set(ctx, { why: `this role may not list the warehouse's open writes (${err.message})`, fix: 'grant it that right (BigQuery: bigquery.jobs.listAll, e.g. roles/bigquery.resourceViewer) to track them exactly' });
    }
    const value = row?.['open_since'];
    since = value === null || value === undefined ? null : new TimestampText(value).text;
    const hidden = Number(row?.['hidden_open'] ?? 0);
    if (hidden > 0 && !heldBack.has(ctx)) {
      heldBack.set(ctx, { why: `this role cannot see other roles' sessions (${hidden} with a transaction open)`, fix: 'grant the role pg_read_all_stats (GRANT pg_read_all_stats TO <role>) to track them exactly' });
    }
  }
  return since;
}

/** Whether warehouse timestamp `a` is before `b` (both UTC text; fractions of any length). */
function earlier(a: string, b: string): boolean {
  const key = (t: string): string => {
    const text = new TimestampText(t).text;
    const [whole, frac = ''] = text.split('.');
    return `${whole}.${frac.padEnd(9, '0')}`;
  };
  return key(a) < key(b);
}

/**
 * Whether a targeted run replaces just the corrected events on days outside its window (else their whole days).
 * Right when each stage row depends on its own event alone: outside the window only side-table rows change events
 * (the original's late arrivals there wait for --full-refresh either way), and those rows name their events.
 */
export function correctsByEvents(ctx: RunContext, model: ModelDef): boolean {
  if (model.config.corrections) return model.config.corrections === 'events';
  return model.config.unique_key === 'event_id' && isRowWise(modelSql(ctx, model, null, { probe: true }), ctx.compiled.env.dialect.backslashEscapes);
}

/** The days from (as-of − offset) to the as-of day, inclusive. */
export function currentWindow(asOf: Date, offset: number): string[] {
  const today = dayStart(asOf);
  return Array.from({ length: offset + 1 }, (_, i) => isoDay(addDays(today, i - offset)));
}
