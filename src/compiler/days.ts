/** The columns of an event row (SPEC §2), in table order. */
export const EVENT_COLUMNS = [
  'event_id',
  'event_created_at',
  'event_name',
  'user_id',
  'event_external_reference_id',
  'event_advisor_id',
  'event_data',
  'event_ingested_at',
] as const;

export type EventColumn = (typeof EVENT_COLUMNS)[number];

export function isEventColumn(name: string): name is EventColumn {
  return (EVENT_COLUMNS as readonly string[]).includes(name);
}

/** A half-open range of whole UTC days, [start, end). */
export interface DayRange {
  readonly start: Date;
  readonly end: Date;
}

export const DAY_MS = 86_400_000;

/** Midnight UTC of the day holding `d`. */
export function dayStart(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * DAY_MS);
}

/** `YYYY-MM-DD` of a UTC day. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Where copies of the events in `ranges` can be, when `vars.dedup_window_days` bounds the duplicate search: each
 * range widened by the window on both sides, overlaps merged (null when unbounded or no range).
 */
export function dedupRanges(ranges: readonly DayRange[] | null, window: number | null): DayRange[] | null {
  if (!ranges || ranges.length === 0 || window === null) return null;
  const out: { start: Date; end: Date }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const start = addDays(r.start, -window);
    const end = addDays(r.end, window);
    const last = out[out.length - 1];
    if (last && last.end.getTime() >= start.getTime()) last.end = new Date(Math.max(last.end.getTime(), end.getTime()));
    else out.push({ start, end });
  }
  return out;
}

/**
 * The days of the dedup window around `ranges` that are not in `ranges` themselves: where an earlier copy of an event
 * in the ranges may sit (empty when the window is 0 days; null when unbounded or no range).
 */
export function marginRanges(ranges: readonly DayRange[] | null, window: number | null): DayRange[] | null {
  const wide = dedupRanges(ranges, window);
  if (!ranges || !wide) return null;
  const inner = [...ranges].sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: DayRange[] = [];
  for (const w of wide) {
    let from = w.start;
    for (const r of inner) {
      if (r.end <= from || r.start >= w.end) continue;
      if (r.start > from) out.push({ start: from, end: r.start });
      if (r.end > from) from = r.end;
    }
    if (from < w.end) out.push({ start: from, end: w.end });
  }
  return out;
}

/** Sorted distinct days → the fewest [start, end) ranges covering exactly those days. */
export function daysToRanges(days: readonly string[]): DayRange[] {
  const sorted = [...new Set(days)].sort();
  const ranges: { start: Date; end: Date }[] = [];
  for (const day of sorted) {
    const start = new Date(`${day}T00:00:00Z`);
    const last = ranges[ranges.length - 1];
    if (last && last.end.getTime() === start.getTime()) last.end = addDays(start, 1);
    else ranges.push({ start, end: addDays(start, 1) });
  }
  return ranges;
}
