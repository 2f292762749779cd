import crypto from 'node:crypto';
import type { ModelDef } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import type { LedgerEntry } from '../ledger/ledger';
import { recordedOperation } from '../ledger/recorded-operation';
import type { Warehouse } from '../targets/warehouse';
import { rebuildModel } from './execute';
import { modelSql } from './model-sql';
import type { BatchProgress, ModelResult, RunSummary } from './results';
import { requireMigrated } from '../ledger/migrations';

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

/** The selection module (wildcards, tag:, event:, --exclude): see select.ts. */
import { selectModels } from './select';
export { selectModels };

/** Rebuilds the selected stage models, each in one transaction, and records the run in the ledger. */
export async function runModels(wh: Warehouse, ctx: RunContext, opts: RunOptions): Promise<RunSummary> {
  const models = selectModels(ctx, opts.select);
  for (const m of models) modelSql(ctx, m, null); // template errors surface before anything runs
  await requireMigrated(wh, ctx);
  const operationId = crypto.randomUUID();
  return rebuildAll(wh, ctx, models, opts, {
    operationId,
    command: 'run',
    macro: null,
    args: runArgs(ctx, models, opts),
    statements: [],
  });
}

/** What a run's ledger entry records as its arguments. */
export function runArgs(ctx: RunContext, models: readonly ModelDef[], opts: Pick<RunOptions, 'fullRefresh' | 'changes' | 'allowEmpty'>): Record<string, unknown> {
  return { select: models.map((m) => m.name), full_refresh: opts.fullRefresh, as_of: ctx.asOf.toISOString(), vars: ctx.project.vars, ...(opts.changes ? { changes: opts.changes.sink } : {}), ...(opts.allowEmpty ? { allow_empty: true } : {}) };
}

/**
 * Rebuilds models one by one under one operation id (each model commits on its own: no lock or transaction spans
 * the run), then records the outcome: in a new ledger entry, or in the one a resumed run started (`resumes`).
 */
export async function rebuildAll(
  wh: Warehouse,
  ctx: RunContext,
  models: readonly ModelDef[],
  opts: RunOptions,
  ledger: LedgerEntry | { readonly resumes: string },
  skip: (model: ModelDef) => Promise<boolean> = async () => false,
): Promise<RunSummary> {
  const operationId = 'resumes' in ledger ? ledger.resumes : ledger.operationId;
  const results: ModelResult[] = [];
  const succeeded = (): Record<string, number> => Object.fromEntries(results.filter((r) => r.status === 'succeeded').map((r) => [r.stage_table, r.rows]));
  const { outcome } = await recordedOperation(wh, ctx, {
    ledger,
    commit: 'own',
    work: async () => {
      for (const model of models) {
        if (await skip(model)) continue;
        const changes = opts.changes ? { sink: opts.changes.sink } : undefined;
        const result = await rebuildModel(wh, ctx, model, { fullRefresh: opts.fullRefresh, operationId, onBatch: opts.onBatch, changes, resuming: opts.resuming, allowEmpty: opts.allowEmpty });
        results.push(result);
        opts.onModel?.(result);
      }
    },
    outcome: () => {
      const failed = results.filter((r) => r.status === 'failed');
      return { status: failed.length ? 'failed' : 'succeeded', rows: succeeded(), error: failed.map((f) => `${f.model}: ${f.error}`).join('; ') || undefined };
    },
    // Whatever ends the run after its ledger start, the entry records it as failed with the real error.
    failedRows: succeeded,
    keepErrorIfRecordingFails: true,
  });
  return { operation_id: operationId, command: 'run', status: outcome.status, rows: outcome.rows, models: results };
}
