import type { MacroHeader } from '../compiler/macro-args';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { OperationError } from '../errors';
import type { Warehouse } from '../targets/warehouse';
import { eventNamePresent, nearestEventNamesHint } from '../rebuild/empty-refresh';
import { EVENT_IDS_PRESENT } from './sql';
import { addDays, dayStart, isoDay } from '../compiler/days';
import { readTimestamp } from '../compiler/timestamps';

/** The ids a macro's `reports_unmatched` arguments name, in the order given (none when it declares none). */
export function namedIds(header: MacroHeader, args: Readonly<Record<string, unknown>>): string[] {
  const ids = header.reports_unmatched.flatMap((name) => {
    const value = args[name];
    return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  });
  return [...new Set(ids)];
}

/**
 * The named ids that match no event of the operation's event name (asked before anything is written, under the
 * side-tables lock; one query, filtered by event name and id).
 */
export async function unmatchedIds(wh: Warehouse, ctx: RunContext, header: MacroHeader, args: Readonly<Record<string, unknown>>): Promise<string[]> {
  const ids = namedIds(header, args);
  if (ids.length === 0 || typeof args['event_name'] !== 'string') return [];
  const day = namedDay(args);
  const days = day === null ? undefined : [{ start: day, end: addDays(day, 1) }];
  const found = new Set((await wh.run(runnerStatement(ctx, EVENT_IDS_PRESENT, { event_name: args['event_name'], event_ids: ids, days }))).rows.map((r) => String(r['event_id'])));
  return ids.filter((id) => !found.has(id));
}

/** The UTC day the events must be created on (`event_created_at`, as update_event_data takes it), or null. */
function namedDay(args: Readonly<Record<string, unknown>>): Date | null {
  const t = typeof args['event_created_at'] === 'string' ? readTimestamp(args['event_created_at'], { dateOnly: true }) : null;
  return t === null || typeof t === 'string' ? null : dayStart(t.date);
}

/**
 * An operation that can match nothing: its ids all match no event, or its event name has no events at all (a typo,
 * almost surely: `hint` names the nearest names present). Refused, nothing written (exit 1).
 */
export class NothingMatchedError extends OperationError {
  /** What matched nothing, without the consequence (`event id 'x' matches no event named 'A'`). */
  readonly detail: string;

  constructor(
    readonly macro: string,
    readonly eventName: string,
    readonly unmatchedIds: readonly string[],
    readonly hint: string | null = null,
    readonly day: Date | null = null,
  ) {
    const detail =
      hint !== null
        ? `event_name '${eventName}' matches no events`
        : `${idsText(unmatchedIds)} match${unmatchedIds.length === 1 ? 'es' : ''} no event named '${eventName}'${day ? ` created on ${isoDay(day)}` : ''}`;
    super(`${macro}: ${detail}; nothing was written${hint !== null ? `; ${hint}` : ''}`);
    this.detail = detail;
  }

  /** The same refusal foreseen by a dry run or a plan (which report it and do not fail). */
  foreseen(): string {
    return `${this.macro}: ${this.detail}; the operation would be refused, nothing written${this.hint !== null ? `; ${this.hint}` : ''}`;
  }

  /** The same refusal, its message prefixed (e.g. by the backfill file it came from). */
  within(prefix: string): NothingMatchedError {
    const err = new NothingMatchedError(this.macro, this.eventName, this.unmatchedIds, this.hint, this.day);
    err.message = `${prefix}: ${this.message}`;
    return err;
  }
}

/**
 * Before an operation writes (and by dry runs and plans, which only report): the ids that match nothing, and the
 * refusal when nothing at all can match (every id unmatched, or an event name with no events). The event name's
 * presence is asked only when no id matched (one query filtered on event_name, stopping at the first row).
 */
export async function zeroMatches(
  wh: Warehouse,
  ctx: RunContext,
  macro: string,
  header: MacroHeader,
  args: Readonly<Record<string, unknown>>,
): Promise<{ unmatched: string[]; refusal: NothingMatchedError | null }> {
  const named = namedIds(header, args);
  const unmatched = await unmatchedIds(wh, ctx, header, args);
  const eventName = args['event_name'];
  if (typeof eventName !== 'string' || (named.length > 0 && unmatched.length < named.length)) return { unmatched, refusal: null };
  if (!(await eventNamePresentFor(wh, ctx, eventName, args))) return { unmatched, refusal: new NothingMatchedError(macro, eventName, unmatched, await nearestEventNamesHint(wh, ctx, eventName)) };
  return { unmatched, refusal: named.length > 0 ? new NothingMatchedError(macro, eventName, unmatched, null, namedDay(args)) : null };
}

/**
 * The event name's presence, asked first within the operation's lookback window when it has one (SPEC §4: [as-of
 * date − lookback_days, as-of date + 1 day)): BigQuery bills every partition of event_name otherwise, on every run.
 */
async function eventNamePresentFor(wh: Warehouse, ctx: RunContext, eventName: string, args: Readonly<Record<string, unknown>>): Promise<boolean> {
  const lookback = args['lookback_days'];
  const day = dayStart(ctx.asOf);
  if (typeof lookback === 'number' && Number.isInteger(lookback) && lookback >= 0 && (await eventNamePresent(wh, ctx, eventName, [{ start: addDays(day, -lookback), end: addDays(day, 1) }]))) return true;
  return eventNamePresent(wh, ctx, eventName);
}

/** What a dry run or a plan says of the zero matches it found (null: everything matched). */
export function foreseenWarning(macro: string, eventName: string, found: { unmatched: readonly string[]; refusal: NothingMatchedError | null }): string | null {
  if (found.refusal !== null) return found.refusal.foreseen();
  return found.unmatched.length > 0 ? unmatchedWarning(macro, eventName, found.unmatched, true) : null;
}

/** The warning when some of the ids matched nothing (the others are written). */
export function unmatchedWarning(macro: string, eventName: string, unmatched: readonly string[], wouldBe = false): string {
  return `${macro}: ${idsText(unmatched)} match${unmatched.length === 1 ? 'es' : ''} no event named '${eventName}'; ${wouldBe ? 'it would write' : 'written'} for the other ids only`;
}

/** `event id 'a'`, or `event ids 'a', 'b' … (+n more)` for long lists. */
function idsText(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => `'${id}'`).join(', ');
  return `event id${ids.length === 1 ? '' : 's'} ${shown}${ids.length > 10 ? ` … (+${ids.length - 10} more)` : ''}`;
}
