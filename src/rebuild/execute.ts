import type { ModelDef } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { firstLine, OperationError, UsageError } from '../errors';
import { withLock } from '../ledger/recorded-operation';
import { rebuildCapture, type ChangeCapture } from '../changes/capture';
import { runAll, type Warehouse } from '../targets/warehouse';
import { batchesOf, planBatches, runBatches } from './batches';
import { planModel, type ModelPlan } from './plan-days';
import type { BatchProgress, ModelResult } from './results';
import { buildsDaysInPlace, rebuildStatements, type RebuildStatements } from './steps';
import { absentEventNameRefusal, emptyResultRefusal, stagedRows } from './empty-refresh';
import { rebuildSequence, watermarkStatements, type RebuildStep } from './sequence';

/** How one model is rebuilt, under which operation, reporting batches and recording changes when asked. */
export interface RebuildOptions {
  readonly fullRefresh: boolean;
  readonly operationId: string;
  readonly onBatch?: (p: BatchProgress) => void;
  readonly changes?: ChangeCapture;
  /** Finishing an operation that may have checkpointed batches (a fresh operation has none to look for). */
  readonly resuming?: boolean;
  /** `--allow-empty`: a full refresh may replace a non-empty stage table with an empty one. */
  readonly allowEmpty?: boolean;
}

/** Rebuilds one model under its lock; a failure is reported in the result, never half-applied. */
export async function rebuildModel(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: RebuildOptions): Promise<ModelResult> {
  const stage = `${ctx.project.config.tables.stage_schema}.${model.name}`;
  const locked = (err: unknown): ModelResult => ({ model: model.name, stage_table: stage, mode: 'days', reason: 'locked', days: [], rows: 0, status: 'failed', error: firstLine(err) });
  return withLock(
    wh,
    ctx,
    `model:${model.name}`,
    async () => {
      try {
        return await rebuildLocked(wh, ctx, model, opts);
      } catch (err) {
        // Planning failed (a side table altered, a column missing...): a failed model with its error, like a failed build.
        if (err instanceof UsageError) throw err;
        return { model: model.name, stage_table: stage, mode: opts.fullRefresh ? 'full' : 'days', reason: 'planning failed', days: [], rows: 0, status: 'failed', error: firstLine(err) };
      }
    },
    locked,
  );
}

/** Plans the model's rebuild, refuses an absent event name, then runs it: in batches, or as one rebuild. */
async function rebuildLocked(wh: Warehouse, ctx: RunContext, model: ModelDef, opts: RebuildOptions): Promise<ModelResult> {
  const { fullRefresh, operationId, onBatch, changes } = opts;
  wh.setLabels?.({ backfill_operation_id: operationId, backfill_model: model.name });
  const batchDays = ctx.project.vars.batch_days;
  const planned = opts.resuming ? await batchesOf(wh, ctx, operationId, model.name) : [];
  const allowEmpty = opts.allowEmpty === true;
  if (planned.length > 0) return runBatches(wh, ctx, model, operationId, onBatch, changes, allowEmpty); // resuming
  const plan = await planModel(wh, ctx, model, { fullRefresh });
  const base = { model: model.name, stage_table: plan.stageTable, mode: plan.mode, reason: plan.reason, days: plan.days };
  // A rebuild (full, or of days: every scheduled run) of a non-empty stage table: refused before anything is replaced
  // when its event name has no events. Days: the presence query first, the table counted only when it finds none.
  const staged = plan.mode === 'full' && !allowEmpty ? await stagedRows(wh, ctx, plan.stageTable, plan.columns !== null) : 0;
  // A day rebuild counting its new rows before they replace any asks only when it built none (its count step): rows
  // built are rows of its event name, and on BigQuery the question reads the days' partitions again.
  const askAtCount = plan.mode === 'days' && !allowEmpty && !buildsDaysInPlace(ctx, changes !== undefined);
  const absent = allowEmpty || askAtCount ? null : await absentEventNameRefusal(wh, ctx, model, plan.mode === 'full' ? staged : () => stagedRows(wh, ctx, plan.stageTable, plan.columns !== null), plan.mode === 'days' ? plan.days : []);
  if (absent !== null) return { ...base, rows: 0, status: 'failed', error: absent };
  if (plan.mode === 'full' && batchDays !== null && model.config.materialized === 'incremental') {
    try {
      await planBatches(wh, ctx, model, operationId, batchDays, plan.watermark);
      return await runBatches(wh, ctx, model, operationId, onBatch, changes, allowEmpty);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return { ...base, rows: 0, status: 'failed', error: `${firstLine(err)} (finish it with 'backfill resume ${operationId}')` };
    }
  }
  try {
    // Where DDL cannot join a transaction, a full rebuild over a non-empty stage table goes through the next table,
    // so that an empty result is refused before it replaces anything.
    const st = rebuildStatements(ctx, plan, changes !== undefined, plan.mode === 'full' && staged > 0 && !wh.adapter.transactionalDdl);
    const rows = await applyRebuild({ wh, ctx, model, plan, st, staged, changes, operationId, askAtCount });
    return { ...base, rows, status: 'succeeded' };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return { ...base, rows: 0, status: 'failed', error: firstLine(err) };
  }
}

/** One planned rebuild, with what its steps need. */
interface Rebuild {
  readonly wh: Warehouse;
  readonly ctx: RunContext;
  readonly model: ModelDef;
  readonly plan: ModelPlan;
  readonly st: RebuildStatements;
  /** Rows in the stage table before (counted for a full rebuild that may be refused for selecting none; else 0). */
  readonly staged: number;
  readonly changes: ChangeCapture | undefined;
  readonly operationId: string;
  /** A day rebuild that built no rows asks whether its event name has any events before it replaces anything. */
  readonly askAtCount: boolean;
}

/** Runs the rebuild's sequence (sequence.ts): its phases, each in a transaction where it says; returns the rows written. */
async function applyRebuild(r: Rebuild): Promise<number> {
  const { wh, ctx, plan, st } = r;
  const seq = rebuildSequence(ctx, plan, st, { transactionalDdl: wh.adapter.transactionalDdl, feed: r.changes !== undefined });
  const tally: Tally = { counted: null, inserted: 0 };
  try {
    for (const phase of seq.phases) {
      if (phase.transaction) await wh.transaction(() => runSteps(r, phase.steps, tally));
      else await runSteps(r, phase.steps, tally);
    }
  } finally {
    if (seq.cleanup.length > 0) await runAll(wh, seq.cleanup).catch(() => undefined);
  }
  return tally.counted ?? tally.inserted;
}

/** What a rebuild's steps counted: the new rows once built (null: inserted in place), and what the swap inserted. */
interface Tally {
  counted: number | null;
  inserted: number;
}

async function runSteps(r: Rebuild, steps: readonly RebuildStep[], tally: Tally): Promise<void> {
  for (const step of steps) await runStep(r, step, tally);
}

async function runStep(r: Rebuild, step: RebuildStep, tally: Tally): Promise<void> {
  const { wh, ctx, plan, st } = r;
  switch (step.kind) {
    case 'send':
      return runAll(wh, step.statements);
    case 'work-columns':
      return checkColumns((await wh.columns(step.table)) ?? [], plan);
    case 'probe':
      return checkColumns((await wh.run(step.statement)).columns ?? [], plan);
    case 'count': {
      const n = Number((await wh.run(step.statement)).rows[0]?.['row_count'] ?? 0);
      tally.counted = n;
      if (n === 0 && r.askAtCount) {
        const absent = await absentEventNameRefusal(wh, ctx, r.model, () => stagedRows(wh, ctx, plan.stageTable, plan.columns !== null), plan.days);
        if (absent !== null) throw new OperationError(absent);
      }
      // Inside the transaction (DDL is transactional here): refusing rolls the replaced table back; else the new
      // rows are in a table of their own (the stage table untouched, nothing captured yet), dropped by the cleanup.
      if (n === 0 && r.staged > 0 && (wh.adapter.transactionalDdl || st.swapIsDdl)) throw new OperationError(emptyResultRefusal(r.model, r.staged));
      return;
    }
    case 'capture':
      return capture(r);
    case 'swap':
      for (const s of step.statements) {
        const result = await wh.run(s);
        if (s === step.insert) tally.inserted = result.rowsChanged;
      }
      return;
    case 'watermark':
      return runAll(wh, watermarkStatements(ctx, r.model, plan.watermark, r.operationId, new Date()));
  }
}

/** The change feed compares the new rows with the ones they replace, before those are gone. */
async function capture(r: Rebuild): Promise<void> {
  if (!r.changes) return;
  const { st, plan } = r;
  await runAll(r.wh, await rebuildCapture(r.wh, r.ctx, r.changes, { model: r.model, operationId: r.operationId, afterTable: st.written, builtTable: st.workTable ?? plan.stageTable, knownColumns: plan.columns, replaced: st.replaced }));
}

function checkColumns(now: readonly string[], plan: ModelPlan): void {
  const before = plan.columns ?? [];
  if (now.join(',') !== before.join(',')) {
    throw new OperationError(`${plan.stageTable}: the model's columns changed (${before.join(', ')} → ${now.join(', ')}); rebuild it with --full-refresh`);
  }
}
