import { TimestampText } from '../compiler/dialect';
import { addDays, dayStart, isoDay } from '../compiler/events-schema';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/render';
import { Sql } from '../compiler/sql';
import type { Warehouse } from '../warehouse/warehouse';

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
  /** The side tables' high-water mark read before the rebuild: the model's watermark once it succeeds. */
  readonly highWater: string | null;
  readonly columns: readonly string[] | null;
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
  // One query (one job on BigQuery) for the high-water mark, the watermark and the reverts between them.
  const state = (await wh.run(runnerStatement(ctx, 'plan_state', { model: model.name, epoch: new TimestampText(EPOCH) }))).rows[0] ?? {};
  const highWater = state['high_water'] === null || state['high_water'] === undefined ? null : String(state['high_water']);
  const base = { model, stageTable, highWater, columns, windowDays: [], touchedDays: [], days: [] };
  if (opts.fullRefresh) return { ...base, mode: 'full', reason: '--full-refresh' };
  if (model.config.materialized === 'table') return { ...base, mode: 'full', reason: 'materialized: table' };
  if (columns === null) return { ...base, mode: 'full', reason: 'first run' };
  if (Number(state['has_watermark'] ?? 0) === 0) return { ...base, mode: 'full', reason: 'no watermark on record' };
  const since = state['watermark'] === null || state['watermark'] === undefined ? EPOCH : String(state['watermark']);
  const windowDays = currentWindow(ctx.asOf, ctx.project.vars.current_date_offset);
  const bounds = highWater === null ? null : { since: new TimestampText(since), upto: new TimestampText(highWater) };
  const reverted = bounds === null ? 0 : Number(state['reverted'] ?? 0);
  const touchedDays =
    bounds === null
      ? []
      : (
          await wh.run(
            runnerStatement(ctx, 'plan_touched_days', {
              ...bounds,
              with_reverts: reverted > 0,
              event_name: model.config.event_name,
              stage_table: new Sql(ctx.compiled.env.dialect.quoteTable(stageTable)),
              partition_by: model.config.partition_by,
              unique_key: model.config.unique_key,
            }),
          )
        ).rows.map((r) => String(r['day']).slice(0, 10));
  const days = [...new Set([...windowDays, ...touchedDays])].sort();
  const extra = touchedDays.filter((d) => !windowDays.includes(d)).length;
  return { ...base, mode: 'days', reason: `window of ${windowDays.length} days${extra ? ` + ${extra} touched` : ''}`, windowDays, touchedDays, days };
}

/** The days from (as-of − offset) to the as-of day, inclusive. */
export function currentWindow(asOf: Date, offset: number): string[] {
  const today = dayStart(asOf);
  return Array.from({ length: offset + 1 }, (_, i) => isoDay(addDays(today, i - offset)));
}
