import type { DayFigures } from './report-data';

/** The numeric columns of a day, each drawn as one bar per day. */
export type SeriesKey = Exclude<keyof DayFigures, 'day'>;

export interface Series {
  readonly key: SeriesKey;
  readonly label: string;
  /** CSS class of its bars and legend swatch. */
  readonly cls: string;
}

export interface BarView {
  readonly cls: string;
  readonly x: string;
  readonly width: string;
  readonly y: string;
  readonly height: string;
  readonly day: string;
  readonly series: SeriesKey;
  readonly value: number;
  readonly title: string;
}

export interface PanelView {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly legend: readonly Series[];
  readonly bars: readonly BarView[];
  /** Y ticks from 0 up: `bottom` is the tick's height in the plot as a CSS percentage, `y` the SVG one (from the top). */
  readonly y_ticks: ReadonlyArray<{ readonly bottom: string; readonly y: string; readonly label: string }>;
  /** Day labels under the plot; `minor` ones are hidden on narrow screens. */
  readonly x_labels: ReadonlyArray<{ readonly left: string; readonly text: string; readonly minor: boolean }>;
}

/**
 * One chart panel: grouped bars per day on its own linear scale, laid out in percentages of the plot so the SVG
 * stretches to any width without scaling its text (the axis labels are HTML beside it).
 */
export function panel(id: string, title: string, note: string, days: readonly DayFigures[], series: readonly Series[]): PanelView {
  const max = Math.max(0, ...days.flatMap((d) => series.map((s) => d[s.key])));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const band = 100 / Math.max(1, days.length);
  const barWidth = (band * 0.8) / series.length;
  const bars = days.flatMap((d, i) =>
    series.map((s, j) => {
      const value = d[s.key];
      const h = (value / top) * 100;
      return {
        cls: s.cls,
        x: pct(i * band + band * 0.1 + j * barWidth),
        width: pct(barWidth * 0.9),
        y: pct(100 - h),
        height: pct(h),
        day: d.day,
        series: s.key,
        value,
        title: `${d.day} ${s.label}: ${fullNumber(value)}`,
      };
    }),
  );
  const step = Math.max(1, Math.ceil(days.length / 8));
  const x_labels = days
    .map((d, i) => ({ d, i }))
    .filter(({ i }) => i % step === 0)
    .map(({ d, i }) => ({ left: pct((i + 0.5) * band), text: shortDay(d.day), minor: (i / step) % 2 === 1 }));
  return { id, title, note, legend: series, bars, y_ticks: ticks.map((t) => ({ bottom: pct((t / top) * 100), y: pct(100 - (t / top) * 100), label: compactNumber(t) })), x_labels };
}

/** 0 and 3–6 round steps (1, 2 or 5 × 10^k) covering `max`; at least [0, 1]. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!);
  const ticks = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** 950, 1.2k, 3.4M: tick labels. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const [d, unit] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = n / d;
  return `${Number.isInteger(v) ? v : v.toFixed(1).replace(/\.0$/, '')}${unit}`;
}

/** 1,234,567: exact counts. */
export function fullNumber(n: number): string {
  return n.toLocaleString('en-US');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-03` → `Nov 3`. */
export function shortDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1] ?? day.slice(5, 7)} ${Number(day.slice(8, 10))}`;
}

function pct(v: number): string {
  return `${Number(v.toFixed(3))}%`;
}
