import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { addDays, dayStart, isoDay } from '../compiler/days';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { getOperation, listOperations } from '../ledger/read-entries';
import type { Row, Warehouse } from '../targets/warehouse';
import { runChecks } from '../checks/checks';
import { requireMigrated } from '../ledger/migrations';
import { DAILY_COUNTS } from './sql';

const SERIES = [
  { name: 'original', color: '#8c959f' },
  { name: 'exceptions', color: '#bf8700' },
  { name: 'exclusions', color: '#cf222e' },
  { name: 'stage', color: '#0969da' },
];

/** Builds the self-contained HTML report: per-day counts as an inline SVG chart, the ledger, the check results. */
export async function buildReport(wh: Warehouse, ctx: RunContext, opts: { days: number; operationId?: string }): Promise<string> {
  await requireMigrated(wh, ctx);
  const to = addDays(dayStart(ctx.asOf), 1);
  const from = addDays(to, -opts.days);
  const d = ctx.compiled.env.dialect;
  const stages = [];
  for (const m of ctx.compiled.models.values()) {
    const table = `${ctx.project.config.tables.stage_schema}.${m.name}`;
    if ((await wh.columns(table)) !== null) stages.push({ stage_table: new Sql(d.quoteTable(table)), partition_by: m.config.partition_by });
  }
  const counts = (await wh.run(runnerStatement(ctx, DAILY_COUNTS, { from, to, stages }))).rows;
  const op = opts.operationId ? await getOperation(wh, ctx, opts.operationId) : null;
  const ledger = await listOperations(wh, ctx, { limit: 50 });
  const checks = await runChecks(wh, ctx, [...ctx.compiled.models.values()]);
  const template = Handlebars.create().compile(fs.readFileSync(path.join(PACKAGE_ROOT, 'src', 'report', 'report.html'), 'utf8'), { strict: true });
  return template({
    project: ctx.project.config.name,
    target: ctx.project.targetName,
    as_of: ctx.asOf.toISOString(),
    from_day: isoDay(from),
    to_day: isoDay(addDays(to, -1)),
    series: SERIES,
    chart: chart(counts, from, opts.days),
    operation: op ? { operation_id: op['operation_id'], fields: Object.entries(op).filter(([k]) => k !== 'sql_text').map(([name, v]) => ({ name, value: typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '') })), sql: op['sql_text'] ?? '' } : null,
    ledger: ledger.map((r) => ({ ...r, macro: r['macro'] ?? '', rows: JSON.stringify(r['rows_written'] ?? {}) })),
    checks: checks.map((c) => ({ ...c, model: c.model ?? '', sample: c.sample.map((s) => Object.values(s).join(' ')).join(', ') })),
  });
}

/** Grouped bars: one group per day, one bar per series, scaled to the largest count. */
function chart(counts: readonly Row[], from: Date, days: number): object {
  const groupW = 4 * 6 + 4;
  const width = 40 + days * groupW + 10;
  const height = 220;
  const base = 190;
  const max = Math.max(1, ...counts.map((c) => Number(c['row_count'])));
  const dayIndex = (day: string): number => Math.round((Date.parse(`${day.slice(0, 10)}T00:00:00Z`) - from.getTime()) / 86_400_000);
  const bars = counts.map((c) => {
    const s = SERIES.findIndex((x) => x.name === c['source']);
    const h = Math.max(1, Math.round((Number(c['row_count']) / max) * 170));
    return { x: 40 + dayIndex(String(c['day'])) * groupW + s * 6, y: base - h, w: 5, h, color: SERIES[s]?.color ?? '#000', day: String(c['day']).slice(0, 10), source: c['source'], count: Number(c['row_count']) };
  });
  const labels = Array.from({ length: days }, (_, i) => i)
    .filter((i) => i % 7 === 0)
    .map((i) => ({ x: 40 + i * groupW, y: base + 14, text: isoDay(addDays(from, i)).slice(5) }));
  return { width, height, base, max, bars, labels };
}
