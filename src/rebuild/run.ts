import crypto from 'node:crypto';
import type { DayRange } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import { renderState, type RunContext } from '../compiler/statements';
import { splitStatements } from '../compiler/sql-text';
import type { TouchedEvents } from '../compiler/render-state';
import { firstLine, UsageError } from '../errors';
import { ledgerStart } from '../ledger/ledger';
import type { Warehouse } from '../targets/warehouse';
import { requireMigrated } from '../ledger/require-migrated';
import type { BatchProgress } from './batches';
import { rebuildModel } from './rebuild-model';

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
  readonly onBatch?: (progress: BatchProgress) => void;
  /** Record what each rebuild changes in this sink's outbox (delivery is the caller's). */
  readonly changes?: { readonly sink: string };
  /** Set by `resume`: batches this operation checkpointed are looked up and not redone. */
  readonly resuming?: boolean;
  /** `--allow-empty`: a full refresh may empty a non-empty stage table (refused otherwise). */
  readonly allowEmpty?: boolean;
}

/** The models named by --select (all when none), or a usage error naming the unknown ones. */
export function selectModels(ctx: RunContext, select: readonly string[] | undefined): ModelDef[] {
  const all = [...ctx.compiled.models.values()];
  if (!select) return all;
  if (select.length === 0) throw new UsageError(`--select: name at least one model; models: ${all.map((m) => m.name).join(', ') || '(none)'}`);
  const unknown = select.filter((s) => !ctx.compiled.models.has(s));
  if (unknown.length > 0) {
    throw new UsageError(`--select: no model named ${unknown.map((u) => `'${u}'`).join(', ')}; models: ${all.map((m) => m.name).join(', ') || '(none)'}`);
  }
  return all.filter((m) => select.includes(m.name));
}

/** A model's SELECT over the given days (all days when null), as one statement without its `;`. */
export function modelSql(ctx: RunContext, model: ModelDef, ranges: readonly DayRange[] | null, opts: { floor?: boolean; probe?: boolean; touched?: TouchedEvents | null } = {}): string {
  const text = model.render({ vars: ctx.project.vars }, renderState(ctx, { eventName: model.config.event_name, ranges, ...opts }));
  const statements = splitStatements(text, ctx.compiled.env.dialect.backslashEscapes);
  if (statements.length !== 1) throw new UsageError(`${model.file}: a model holds exactly one SELECT statement (found ${statements.length})`);
  return statements[0]!;
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
    args: { select: models.map((m) => m.name), full_refresh: opts.fullRefresh, as_of: ctx.asOf.toISOString(), vars: ctx.project.vars, ...(opts.changes ? { changes: opts.changes.sink } : {}), ...(opts.allowEmpty ? { allow_empty: true } : {}) },
    statements: [],
  });
  return rebuildAll(wh, ctx, models, operationId, opts, finish);
}

/** Rebuilds models one by one under one operation id, then records the outcome. */
export async function rebuildAll(
  wh: Warehouse,
  ctx: RunContext,
  models: readonly ModelDef[],
  operationId: string,
  opts: RunOptions,
  finish: (status: 'succeeded' | 'failed', rows: Record<string, number>, error?: string) => Promise<void>,
  skip: (model: ModelDef) => Promise<boolean> = async () => false,
): Promise<RunSummary> {
  const results: ModelResult[] = [];
  try {
    for (const model of models) {
      if (await skip(model)) continue;
      const changes = opts.changes ? { sink: opts.changes.sink } : undefined;
      const result = await rebuildModel(wh, ctx, model, { fullRefresh: opts.fullRefresh, operationId, onBatch: opts.onBatch, changes, resuming: opts.resuming, allowEmpty: opts.allowEmpty });
      results.push(result);
      opts.onModel?.(result);
    }
  } catch (err) {
    // Whatever ends the run after its ledger start, the entry records it as failed with the real error.
    const done = Object.fromEntries(results.filter((r) => r.status === 'succeeded').map((r) => [r.stage_table, r.rows]));
    await finish('failed', done, firstLine(err)).catch(() => undefined);
    throw err;
  }
  const rows = Object.fromEntries(results.filter((r) => r.status === 'succeeded').map((r) => [r.stage_table, r.rows]));
  const failed = results.filter((r) => r.status === 'failed');
  await finish(failed.length ? 'failed' : 'succeeded', rows, failed.map((f) => `${f.model}: ${f.error}`).join('; ') || undefined);
  return { operation_id: operationId, command: 'run', status: failed.length ? 'failed' : 'succeeded', rows, models: results };
}
