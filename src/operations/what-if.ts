import { TimestampText } from '../compiler/dialect';
import { runnerStatement, type RunContext } from '../compiler/statements';
import type { Warehouse } from '../targets/warehouse';
import { withLock } from '../ledger/recorded-operation';
import { planModel } from '../rebuild/plan-days';
import { nextActionTimestamp, operationRows } from './run-operation';
import { selectModels } from '../rebuild/run';
import { foreseenWarning, zeroMatches } from './unmatched-ids';
import { compileOperation } from './compile-operation';
import { requireMigrated } from '../ledger/migrations';
import { WATERMARK_GET } from '../rebuild/sql';
import { OPERATIONS_IMPACT } from './sql';

export interface Impact {
  readonly events_by_name: Record<string, number>;
  readonly top_users: ReadonlyArray<{ user_id: string; events: number }>;
  readonly oldest_event: string | null;
}

export interface ModelPlanSummary {
  readonly model: string;
  readonly mode: 'full' | 'days';
  readonly reason: string;
  readonly days: readonly string[];
}

export interface PlanReport {
  readonly command: 'plan';
  readonly rows: Record<string, number>;
  readonly impact: Impact;
  readonly models: readonly ModelPlanSummary[];
  /** Ids the operation names that match no event (absent when all matched, or none are named). */
  readonly unmatched_ids?: readonly string[];
  /** What the real operation would say of its zero matches (it would refuse when nothing at all can match). */
  readonly warning?: string;
}

/** Thrown to roll back the what-if transaction: nothing a plan does is kept. */
class WhatIf extends Error {
  constructor(readonly report: PlanReport) {
    super('what-if');
  }
}

/**
 * What an operation would do, measured by doing it inside a transaction that is always rolled back: the rows it
 * would add, the events it would touch, and the days each stage model's next run would rebuild.
 */
export async function planOperation(wh: Warehouse, ctx: RunContext, macro: string, rawArgs: unknown): Promise<PlanReport> {
  compileOperation(ctx, macro, rawArgs);
  await requireMigrated(wh, ctx);
  return withLock(wh, ctx, 'side-tables', async () => {
    const plan = compileOperation(ctx, macro, rawArgs, { timestamp: await nextActionTimestamp(wh, ctx) });
    // Ids matching nothing, an event name with no events: reported (the real operation refuses what matches nothing).
    const found = await zeroMatches(wh, ctx, macro, ctx.compiled.macros.get(macro)!.header, plan.args);
    const warning = foreseenWarning(macro, String(plan.args['event_name']), found);
    const extra = { ...(found.unmatched.length > 0 ? { unmatched_ids: found.unmatched } : {}), ...(warning !== null ? { warning } : {}) };
    try {
      await wh.transaction(async () => {
        for (const s of plan.statements) await wh.run(s);
        const rows = await operationRows(wh, ctx, plan.operationId);
        const impact = await readImpact(wh, ctx, { operation_id: plan.operationId });
        throw new WhatIf({ command: 'plan', rows, impact, models: await modelPlans(wh, ctx), ...extra });
      });
    } catch (err) {
      if (err instanceof WhatIf) return err.report;
      throw err;
    }
    throw new Error('unreachable: the what-if transaction always rolls back');
  });
}

/** What the next `backfill run` would rebuild, and the events written since the models' oldest watermark. */
export async function planRun(wh: Warehouse, ctx: RunContext, select: readonly string[] | undefined, fullRefresh: boolean): Promise<PlanReport> {
  await requireMigrated(wh, ctx);
  const models = await modelPlans(wh, ctx, select, fullRefresh);
  const marks = await Promise.all(selectModels(ctx, select).map(async (m) => (await wh.run(runnerStatement(ctx, WATERMARK_GET, { model: m.name }))).rows[0]?.['watermark']));
  // A model with no watermark (never run, or run before any side-table row) has everything still to see.
  const since = marks.map((w) => (w === undefined || w === null ? '1970-01-01 00:00:00' : new TimestampText(w).text)).sort()[0];
  const impact = since === undefined ? { events_by_name: {}, top_users: [], oldest_event: null } : await readImpact(wh, ctx, { since: new TimestampText(since) });
  return { command: 'plan', rows: {}, impact, models };
}

async function modelPlans(wh: Warehouse, ctx: RunContext, select?: readonly string[], fullRefresh = false): Promise<ModelPlanSummary[]> {
  const out: ModelPlanSummary[] = [];
  for (const m of selectModels(ctx, select)) {
    const p = await planModel(wh, ctx, m, { fullRefresh });
    out.push({ model: m.name, mode: p.mode, reason: p.reason, days: p.days });
  }
  return out;
}

async function readImpact(wh: Warehouse, ctx: RunContext, by: { operation_id: string } | { since: unknown }): Promise<Impact> {
  const rows = (await wh.run(runnerStatement(ctx, OPERATIONS_IMPACT, { operation_id: null, since: null, ...by }))).rows;
  const names = rows.filter((r) => r['kind'] === 'event_name');
  const oldest = names.map((r) => String(r['oldest'])).sort()[0] ?? null;
  return {
    events_by_name: Object.fromEntries(names.map((r) => [String(r['item']), Number(r['events'])])),
    top_users: rows.filter((r) => r['kind'] === 'user').map((r) => ({ user_id: String(r['item']), events: Number(r['events']) })),
    oldest_event: oldest,
  };
}
