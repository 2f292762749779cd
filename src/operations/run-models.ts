import crypto from 'node:crypto';
import { daysToRanges, type DayRange } from '../compiler/events-schema';
import type { ModelDef } from '../compiler/project';
import { renderState, runnerStatement, runnerStatements, type RunContext } from '../compiler/render';
import { Sql, type Statement } from '../compiler/sql';
import { splitStatements } from '../compiler/sql-text';
import { TimestampText } from '../compiler/dialect';
import { firstLine, OperationError, UsageError } from '../errors';
import { ledgerStart } from '../ledger/ledger';
import type { Warehouse } from '../warehouse/warehouse';
import { requireMigrated } from './migrated';
import { planModel, type ModelPlan } from './planner';

export interface ModelResult {
  readonly model: string;
  readonly stage_table: string;
  readonly mode: 'full' | 'days';
  readonly reason: string;
  readonly days: readonly string[];
  readonly rows: number;
  readonly status: 'succeeded' | 'failed';
  readonly error?: string;
}

export interface RunSummary {
  readonly operation_id: string;
  readonly command: 'run';
  readonly status: 'succeeded' | 'failed';
  readonly rows: Record<string, number>;
  readonly models: readonly ModelResult[];
}

export interface RunOptions {
  readonly select?: readonly string[];
  readonly fullRefresh: boolean;
  readonly onModel?: (result: ModelResult) => void;
}

/** The models named by --select (all when none), or a usage error naming the unknown ones. */
export function selectModels(ctx: RunContext, select: readonly string[] | undefined): ModelDef[] {
  const all = [...ctx.compiled.models.values()];
  if (!select || select.length === 0) return all;
  const unknown = select.filter((s) => !ctx.compiled.models.has(s));
  if (unknown.length > 0) {
    throw new UsageError(`--select: no model named ${unknown.map((u) => `'${u}'`).join(', ')}; models: ${all.map((m) => m.name).join(', ') || '(none)'}`);
  }
  return all.filter((m) => select.includes(m.name));
}

/** A model's SELECT over the given days (all days when null), as one statement without its `;`. */
export function modelSql(ctx: RunContext, model: ModelDef, ranges: readonly DayRange[] | null): string {
  const text = model.render({ vars: ctx.project.vars }, renderState(ctx, { eventName: model.config.event_name, ranges }));
  const statements = splitStatements(text, ctx.compiled.env.dialect.backslashEscapes);
  if (statements.length !== 1) throw new UsageError(`${model.file}: a model holds exactly one SELECT statement (found ${statements.length})`);
  return statements[0]!;
}

/** The statements that rebuild one model as planned (the work-table ones first when days are replaced). */
export function rebuildStatements(ctx: RunContext, plan: ModelPlan): { build: Statement[]; swap: Statement[]; workTable: string | null } {
  const d = ctx.compiled.env.dialect;
  const stage = new Sql(d.quoteTable(plan.stageTable));
  if (plan.mode === 'full') {
    return { build: runnerStatements(ctx, 'stage_full', { stage_table: stage, model_sql: new Sql(modelSql(ctx, plan.model, null)) }), swap: [], workTable: null };
  }
  const ranges = daysToRanges(plan.days);
  const workTable = `${ctx.project.config.tables.stage_schema}.__backfill_work_${plan.model.name}`;
  const work = new Sql(d.quoteTable(workTable));
  const build = runnerStatements(ctx, 'stage_new_rows', { work_table: work, model_sql: new Sql(modelSql(ctx, plan.model, ranges)) });
  const swap = runnerStatements(ctx, 'stage_replace_days', {
    stage_table: stage,
    work_table: work,
    ranges,
    partition_by: plan.model.config.partition_by,
    unique_key: plan.model.config.unique_key,
    columns: plan.columns ?? [],
  });
  return { build, swap, workTable };
}

/** Rebuilds the selected stage models, each in one transaction, and records the run in the ledger. */
export async function runModels(wh: Warehouse, ctx: RunContext, opts: RunOptions): Promise<RunSummary> {
  const models = selectModels(ctx, opts.select);
  for (const m of models) modelSql(ctx, m, null); // template errors surface before anything runs
  await requireMigrated(wh, ctx);
  const operationId = crypto.randomUUID();
  const finish = await ledgerStart(wh, ctx, {
    operationId,
    command: 'run',
    macro: null,
    args: { select: models.map((m) => m.name), full_refresh: opts.fullRefresh, as_of: ctx.asOf.toISOString(), vars: ctx.project.vars },
    statements: [],
  });
  const results: ModelResult[] = [];
  for (const model of models) {
    const result = await rebuildModel(wh, ctx, model, opts.fullRefresh, operationId);
    results.push(result);
    opts.onModel?.(result);
  }
  const rows = Object.fromEntries(results.filter((r) => r.status === 'succeeded').map((r) => [r.stage_table, r.rows]));
  const failed = results.filter((r) => r.status === 'failed');
  await finish(failed.length ? 'failed' : 'succeeded', rows, failed.map((f) => `${f.model}: ${f.error}`).join('; ') || undefined);
  return { operation_id: operationId, command: 'run', status: failed.length ? 'failed' : 'succeeded', rows, models: results };
}

async function rebuildModel(wh: Warehouse, ctx: RunContext, model: ModelDef, fullRefresh: boolean, operationId: string): Promise<ModelResult> {
  let release: Awaited<ReturnType<Warehouse['lock']>>;
  try {
    release = await wh.lock(`model:${model.name}`, { waitSeconds: ctx.project.vars.lock_wait_seconds });
  } catch (err) {
    const stage = `${ctx.project.config.tables.stage_schema}.${model.name}`;
    return { model: model.name, stage_table: stage, mode: 'days', reason: 'locked', days: [], rows: 0, status: 'failed', error: firstLine(err) };
  }
  try {
    return await rebuildLocked(wh, ctx, model, fullRefresh, operationId);
  } finally {
    await release();
  }
}

async function rebuildLocked(wh: Warehouse, ctx: RunContext, model: ModelDef, fullRefresh: boolean, operationId: string): Promise<ModelResult> {
  const plan = await planModel(wh, ctx, model, { fullRefresh });
  const base = { model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days };
  try {
    const { build, swap, workTable } = rebuildStatements(ctx, plan);
    const rows = await wh.transaction(async () => {
      for (const s of build) await wh.run(s);
      if (workTable) await checkColumns(wh, workTable, plan);
      const count = Number((await wh.run(runnerStatement(ctx, 'table_count', { table: new Sql(ctx.compiled.env.dialect.quoteTable(workTable ?? plan.stageTable)) }))).rows[0]?.['row_count'] ?? 0);
      for (const s of swap) await wh.run(s);
      const watermark = plan.highWater === null ? null : new TimestampText(plan.highWater);
      for (const s of runnerStatements(ctx, 'model_watermark_set', { model: model.name, watermark, last_run_at: new Date(), operation_id: operationId })) await wh.run(s);
      return count;
    });
    return { ...base, rows, status: 'succeeded' };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return { ...base, rows: 0, status: 'failed', error: firstLine(err) };
  }
}

async function checkColumns(wh: Warehouse, workTable: string, plan: ModelPlan): Promise<void> {
  const now = (await wh.columns(workTable)) ?? [];
  const before = plan.columns ?? [];
  if (now.join(',') !== before.join(',')) {
    throw new OperationError(
      `${plan.stageTable}: the model's columns changed (${before.join(', ')} → ${now.join(', ')}); rebuild it with --full-refresh`,
    );
  }
}
