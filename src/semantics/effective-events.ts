/**
 * The effective events (SPEC §3): what `{{events}}` in a stage model and `{{effective_events …}}` in a macro stand
 * for. The SQL is src/semantics/sql/effective_events.sql; this decides what it is rendered with.
 */
import { addDays, dayStart, marginRanges, type DayRange } from '../compiler/days';
import { copyKey, type HelperEnv, type RenderState, type TouchedEvents } from '../compiler/render-state';
import { Sql } from '../compiler/sql';
import { renderFragment } from '../compiler/sql-template';
import { UsageError } from '../errors';
import { NOT_A_TIMESTAMP, readTimestamp } from '../compiler/timestamps';
import { EFFECTIVE_EVENTS } from './sql';

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/**
 * `{{effective_events event_name=… lookback_days=n day=…}}`: of one name, limited to the lookback window when given,
 * or to the UTC day of `day` (a date or timestamp text; null: unlimited). Both bounds are constants: partitions prune.
 * A subquery; with `as=name`, the CTEs of a statement's leading `WITH` instead, the last of them `name`, so that a
 * macro reads `INSERT … WITH {{effective_events as="current_events" …}} SELECT … FROM current_events` (one per statement).
 */
export function namedEvents(env: HelperEnv, hash: { event_name?: unknown; lookback_days?: unknown; day?: unknown; as?: unknown }, st: RenderState): Sql {
  const asOf = st.asOf;
  const days = hash.lookback_days;
  let ranges: DayRange[] | null = typeof days === 'number' ? [{ start: addDays(dayStart(asOf), -days), end: addDays(dayStart(asOf), 1) }] : null;
  if (hash.day !== undefined && hash.day !== null) {
    const t = typeof hash.day === 'string' ? readTimestamp(hash.day, { dateOnly: true }) : NOT_A_TIMESTAMP;
    if (typeof t === 'string') throw new UsageError(`effective_events: day=${JSON.stringify(hash.day)} ${t}; give an ISO date or timestamp like 2026-11-23`);
    if (ranges) throw new UsageError('effective_events: give lookback_days or day, not both');
    ranges = [{ start: dayStart(t.date), end: addDays(dayStart(t.date), 1) }];
  }
  if (hash.as !== undefined && (typeof hash.as !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(hash.as))) {
    throw new UsageError(`effective_events: as=${JSON.stringify(hash.as)} must be a plain CTE name like current_events`);
  }
  const eventName = String(hash.event_name);
  // An operation: the other days the copy index names for these days (asked for when not looked up yet).
  let copyRanges: readonly DayRange[] | null = null;
  if (ranges && st.copies) {
    copyRanges = st.copies.found.get(copyKey(eventName, ranges)) ?? null;
    if (copyRanges === null) st.copies.asked.push({ eventName, ranges });
  }
  return effectiveEvents(env, eventName, ranges, st, { forModel: false, touched: null, cte: hash.as ?? null, copyRanges });
}

/** `{{events}}` in a stage model: the effective events of the model's event name, limited to the days rebuilt. */
export function modelEvents(env: HelperEnv, st: RenderState): Sql {
  const d = env.dialect;
  if (!st.model) throw new UsageError('{{events}} is only available in stage models');
  // The benchmark's floor: the same projection straight over the original, without the semantics.
  if (st.model.floor) return new Sql(`(SELECT * FROM ${env.tables.original.text} WHERE event_name = ${env.binder.value(st.model.eventName).text}) AS ${d.quoteIdent('events')}`);
  if (st.model.probe) return new Sql(d.quoteIdent('events'));
  const events = effectiveEvents(env, st.model.eventName, st.model.ranges, st, { forModel: true, touched: st.model.touched ?? null, cte: null, copyRanges: st.model.copyRanges ?? null });
  return new Sql(`${events.text} AS ${d.quoteIdent('events')}`);
}

/** How the effective events are rendered: for a stage model or a macro, and as a subquery or CTEs (`cte`: the last one's name). */
interface Shape {
  /** Read whole by a stage model (a macro's caller filters them instead, and that filter reaches the original through the ranking of every copy, not through the anti-join). */
  readonly forModel: boolean;
  readonly touched: TouchedEvents | null;
  readonly cte: string | null;
  /** The other days holding copies of the ids in the ranges (rebuild/copy_days_lookup), looked at instead of every other day. */
  readonly copyRanges: readonly DayRange[] | null;
}

/** The effective events (SPEC §3) of one name. */
function effectiveEvents(env: HelperEnv, eventName: string, ranges: readonly DayRange[] | null, st: RenderState, shape: Shape): Sql {
  const { forModel, touched } = shape;
  // Where copies outside the days are looked for: the days the copy index names, else the dedup window, else all.
  const margins = shape.copyRanges ?? marginRanges(ranges, st.vars.dedup_window_days);
  const context = {
    event_name: eventName,
    ranges: ranges && ranges.length > 0 ? ranges : null,
    touched,
    far_future: FAR_FUTURE,
    margin_ranges: margins,
    // copies of the candidates outside the days: in the dedup window's margins, or on every other day when unbounded
    copies_elsewhere: margins === null || margins.length > 0,
    rank_repeated_only: forModel && env.adapter.ranksRepeatedCopiesOnly,
    pass_through: forModel && env.adapter.ranksRepeatedCopiesOnly && env.adapter.passesSingleCopiesThrough,
    fetch_by_rowid: env.adapter.fetchesByRowid,
    days_once: env.adapter.billsBytes,
    cte_name: shape.cte === null ? null : new Sql(shape.cte), // validated as a plain name: written as the macro writes it
  };
  return renderFragment(env, EFFECTIVE_EVENTS, context, st);
}
