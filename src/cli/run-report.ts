import { deliver } from '../changes/outbox';
import type { Sink } from '../changes/sinks';
import type { RunContext } from '../compiler/statements';
import type { ModelResult, RunSummary } from '../rebuild/results';
import type { Warehouse } from '../targets/warehouse';
import { reportDelivery } from './delivery';
import type { Output } from './output';

/** The days of a rebuild, short when there are many. */
export function daysText(days: readonly string[]): string {
  if (days.length === 0) return 'all days';
  return days.length <= 4 ? days.join(', ') : `${days.length} days, ${days[0]} … ${days[days.length - 1]}`;
}

/** One line (or JSON event) per rebuilt model. */
export function modelReporter(out: Output): (r: ModelResult) => void {
  return (r) => {
    const what = r.mode === 'full' ? `full rebuild (${r.reason})` : `${daysText(r.days)} (${r.reason})`;
    out.say(r.status === 'succeeded' ? `${r.stage_table}: ${what}, ${r.rows} rows` : `${r.stage_table}: FAILED ${r.error}`);
    out.event(r);
  };
}

/** The run's summary line (or JSON object); exit 1 when it failed. */
export function reportRun(summary: RunSummary, out: Output): number {
  out.say(`run: ${summary.status}, operation ${summary.operation_id}`);
  // A failed run's summary says why (each failed model's error; the refusals of empty rebuilds among them).
  const errors = summary.models.flatMap((m) => (m.status === 'failed' && m.error ? [m.error] : []));
  out.event({ operation_id: summary.operation_id, command: 'run', status: summary.status, rows: summary.rows, ...(summary.status === 'failed' ? { error: errors.join('; ') || 'failed' } : {}) });
  return summary.status === 'succeeded' ? 0 : 1;
}

/** After a run that fed a sink: deliver what waits for it; exit 1 when the run or the sink failed. */
export async function deliverFeed(wh: Warehouse, ctx: RunContext, sink: Sink, code: number, out: Output, says: Output): Promise<number> {
  return Math.max(code, reportDelivery(await deliver(wh, ctx, sink, (s) => out.raw(s)), says));
}

/** With the feed on standard output, the command's own lines go to standard error. */
export const linesBeside = (sink: Sink | null, out: Output): Output => (sink?.spec === '-' ? out.toStderr() : out);
