/**
 * The one reader of timestamp texts (import lines, --as-of, dates in macro arguments). JavaScript's Date rolls
 * impossible dates over (2026-02-30 becomes March 2) and keeps only milliseconds, so the calendar fields are
 * checked here one by one and the instant is kept to the microsecond.
 */

import { UsageError } from '../errors';

/**
 * The years every target can hold with room for date arithmetic around them (a day after, a lookback before):
 * BigQuery's TIMESTAMP ends at 9999-12-31, and a year past 9999 is not even written the same way by JavaScript.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9000;

/** A timestamp read from text: its instant (milliseconds, for arithmetic) and its exact microseconds. */
export interface Instant {
  readonly date: Date;
  /** Microseconds since 1970-01-01 UTC. */
  readonly micros: bigint;
  /** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC: the form every target reads as a TIMESTAMP. */
  readonly text: string;
}

/** The reason given for a text that does not even look like a timestamp. */
export const NOT_A_TIMESTAMP = 'is not an ISO timestamp';

const TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * The instant an ISO date or timestamp text names (UTC when it has no offset), or why it is not one. A bare date
 * is accepted only when `dateOnly` is true.
 */
export function readTimestamp(s: string, opts: { dateOnly: boolean }): Instant | string {
  const m = TEXT.exec(s);
  if (!m || (m[4] === undefined && !opts.dateOnly)) return NOT_A_TIMESTAMP;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12) return `has no month ${m[2]}`;
  if (day < 1 || day > daysIn(year, month)) return `has no day ${m[3]} in ${m[1]}-${m[2]}`;
  if (hour > 23 || minute > 59 || second > 59) return `has no time ${m[4]}:${m[5]}${m[6] === undefined ? '' : `:${m[6]}`}`;
  const fraction = m[7] ?? '';
  if (/[1-9]/.test(fraction.slice(6))) return 'is more precise than a microsecond';
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(hh) > 23 || Number(mm) > 59) return `has no UTC offset ${zone}`;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const sub = fraction.length === 6 ? fraction : fraction.padEnd(6, '0').slice(0, 6);
  const us = Number(sub);
  const date = new Date(ms + Math.floor(us / 1000));
  const utcYear = offsetMinutes === 0 ? year : date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR || utcYear < MIN_YEAR || utcYear > MAX_YEAR) return `is outside the years ${MIN_YEAR}–${MAX_YEAR} every target can work with`;
  // In UTC already, the text is the fields themselves; otherwise the instant's UTC fields.
  const text = offsetMinutes === 0 ? `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}.${sub}` : null;
  return new ReadInstant(date, ms, us, text);
}

/** An Instant whose microseconds (a BigInt) and UTC text are made when asked for: most readers need one of them. */
class ReadInstant implements Instant {
  constructor(
    readonly date: Date,
    private readonly ms: number,
    private readonly us: number,
    private readonly utcText: string | null,
  ) {}

  get micros(): bigint {
    return BigInt(this.ms) * 1000n + BigInt(this.us);
  }

  get text(): string {
    return this.utcText ?? formatMicros(this.micros);
  }
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) of microseconds since the epoch. */
export function formatMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - ms * 1000n;
  return `${new Date(Number(ms)).toISOString().slice(0, 23).replace('T', ' ')}${String(rest).padStart(3, '0')}`;
}

/** The as-of option: an ISO date or timestamp (UTC when no zone is given); default now. */
export function parseAsOf(value: string | undefined, now: () => Date = () => new Date(), option = '--as-of'): Date {
  if (value === undefined) return now();
  const t = readTimestamp(value, { dateOnly: true });
  if (typeof t === 'string') {
    const why = t === NOT_A_TIMESTAMP ? '' : ` (it ${t})`;
    throw new UsageError(`${option}: '${value}' is not a date${why}; use an ISO date or timestamp like 2026-11-23 or 2026-11-23T10:00:00Z`);
  }
  return t.date;
}

/** A warehouse timestamp string (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) as a Date (millisecond precision). */
export function parseWarehouseTimestamp(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(' ', 'T');
  return new Date(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(text) ? text : `${text}Z`);
}
