import { addDays, dayStart, isoDay } from '../compiler/days';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { runChecks, type CheckResult } from '../checks/checks';
import { getOperation, resolveOperationId } from '../ledger/read-entries';
import { requireMigrated } from '../ledger/migrations';
import { modelSql } from '../rebuild/model-sql';
import { planModel } from '../rebuild/plan-days';
import type { Row, Warehouse } from '../targets/warehouse';
import { DAILY_COUNTS, LAST_RUNS, REPORT_LEDGER } from './sql';

/**
 * One day's row counts: the side tables, the stage tables now (before) and after the next run (after), and the
 * stage rows that run removes and adds (an updated event is one of each, so counts alone would hide it).
 */
export interface DayFigures {
  readonly day: string;
  readonly original: number;
  readonly exceptions: number;
  readonly exclusions: number;
  readonly stage_before: number;
  readonly stage_after: number;
  readonly stage_removed: number;
  readonly stage_added: number;
}

export interface LedgerEntry {
  readonly operation_id: string;
  readonly command: string;
  readonly macro: string | null;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly run_by: string;
  readonly description: string;
  readonly rows: ReadonlyArray<{ readonly table: string; readonly count: number }>;
  readonly sql: string;
}

/** What the next `backfill run` would rebuild for one model. */
export interface PendingRebuild {
  readonly model: string;
  readonly mode: 'full' | 'days';
  readonly reason: string;
  readonly days: readonly string[];
  /** Days outside the window, rebuilt because side-table rows were written or reverted there since the last run. */
  readonly touched_days: readonly string[];
}

export interface LastRun {
  readonly model: string;
  readonly at: string | null;
  readonly operation_id: string | null;
  readonly status: string | null;
}

/** Everything the report shows, read from the warehouse; the page is rendered from this value alone. */
export interface ReportData {
  readonly project: string;
  readonly target: string;
  readonly as_of: string;
  readonly days: readonly DayFigures[];
  readonly checks: readonly CheckResult[];
  readonly pending: readonly PendingRebuild[];
  readonly last_runs: readonly LastRun[];
  readonly ledger: readonly LedgerEntry[];
  readonly operation: Row | null;
}

export interface ReportOptions {
  readonly days: number;
  readonly operationId?: string;
  /** Ledger entries shown, newest first. */
  readonly ledgerLimit?: number;
}

/** Reads the report's figures: per-day counts, checks, the next run's plan, last runs and the ledger. */
export async function reportData(wh: Warehouse, ctx: RunContext, opts: ReportOptions): Promise<ReportData> {
  await requireMigrated(wh, ctx);
  // An unknown --operation is bad usage: said before the slower reads.
  const operation = opts.operationId ? await getOperation(wh, ctx, await resolveOperationId(wh, ctx, opts.operationId)) : null;
  const models = [...ctx.compiled.models.values()];
  const pending: PendingRebuild[] = [];
  for (const m of models) {
    const p = await planModel(wh, ctx, m, { fullRefresh: false });
    pending.push({ model: m.name, mode: p.mode, reason: p.reason, days: p.days, touched_days: p.touchedDays.filter((d) => !p.windowDays.includes(d)) });
  }
  return {
    project: ctx.project.config.name,
    target: ctx.project.targetName,
    as_of: ctx.asOf.toISOString(),
    days: await dailyFigures(wh, ctx, opts.days),
    checks: await runChecks(wh, ctx, models),
    pending,
    last_runs: await lastRuns(wh, ctx),
    ledger: (await wh.run(runnerStatement(ctx, REPORT_LEDGER, { limit: opts.ledgerLimit ?? 50 }))).rows.map(ledgerEntry),
    operation,
  };
}

const SOURCES = ['original', 'exceptions', 'exclusions', 'stage_before', 'stage_after', 'stage_removed', 'stage_added'] as const;

/** Every day of the last `days` up to the as-of day (oldest first), zeros included. */
async function dailyFigures(wh: Warehouse, ctx: RunContext, days: number): Promise<DayFigures[]> {
  const to = addDays(dayStart(ctx.asOf), 1);
  const from = addDays(to, -days);
  const d = ctx.compiled.env.dialect;
  const models = [...ctx.compiled.models.values()].map((m) => ({ name: m.name, model_sql: new Sql(modelSql(ctx, m, null)), partition_by: m.config.partition_by }));
  const stages = [];
  for (const m of models) {
    const table = `${ctx.project.config.tables.stage_schema}.${m.name}`;
    if ((await wh.columns(table)) !== null) stages.push({ ...m, stage_table: new Sql(d.quoteTable(table)) });
  }
  const rows = (await wh.run(runnerStatement(ctx, DAILY_COUNTS, { from, to, stages, models }))).rows;
  const byDay = new Map<string, Record<(typeof SOURCES)[number], number>>();
  for (let i = 0; i < days; i++) byDay.set(isoDay(addDays(from, i)), { original: 0, exceptions: 0, exclusions: 0, stage_before: 0, stage_after: 0, stage_removed: 0, stage_added: 0 });
  for (const r of rows) {
    const counts = byDay.get(String(r['day']).slice(0, 10));
    const source = SOURCES.find((s) => s === r['source']);
    if (counts && source) counts[source] += Number(r['row_count']);
  }
  return [...byDay].map(([day, c]) => ({ day, ...c }));
}

async function lastRuns(wh: Warehouse, ctx: RunContext): Promise<LastRun[]> {
  const rows = (await wh.run(runnerStatement(ctx, LAST_RUNS, {}))).rows;
  return [...ctx.compiled.models.keys()].map((model) => {
    const r = rows.find((x) => x['model'] === model);
    return { model, at: r ? timeText(r['started_at'] ?? r['last_run_at']) : null, operation_id: r ? textOrNull(r['operation_id']) : null, status: r ? textOrNull(r['status']) : null };
  });
}

function ledgerEntry(r: Row): LedgerEntry {
  const args = json(r['args']);
  const written = json(r['rows_written']);
  const description = args !== null && typeof args === 'object' && typeof (args as Record<string, unknown>)['description'] === 'string' ? String((args as Record<string, unknown>)['description']) : '';
  const rows = written !== null && typeof written === 'object' ? Object.entries(written as Record<string, unknown>).map(([table, n]) => ({ table, count: Number(n) })) : [];
  return {
    operation_id: String(r['operation_id']),
    command: String(r['command']),
    macro: textOrNull(r['macro']),
    status: String(r['status']),
    started_at: timeText(r['started_at']) ?? '',
    finished_at: timeText(r['finished_at']),
    run_by: textOrNull(r['run_by']) ?? '',
    description,
    rows,
    sql: textOrNull(r['sql_text']) ?? '',
  };
}

/** JSON columns come back parsed on some targets and as text on others. */
function json(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function textOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** A warehouse timestamp as `YYYY-MM-DD HH:MM:SS` (UTC), whichever way the driver hands it over. */
export function timeText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const text = v instanceof Date ? v.toISOString() : String(v);
  return text.replace('T', ' ').slice(0, 19);
}
