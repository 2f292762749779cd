/**
 * The order of a model's rebuild: which statements go, in which transactions, and where a result is read. One
 * source for the runner (execute.ts runs it) and for `compile run` (compile-run.ts writes it out), so the file a
 * reviewer reads is the sequence the run sends.
 */
import { TimestampText } from '../compiler/dialect';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import type { ModelPlan } from './plan-days';
import type { RebuildStatements } from './steps';
import { TABLE_COUNT, WATERMARK_SET } from './sql';

/** One step of a rebuild; those that read a result say what is done with it. */
export type RebuildStep =
  /** Sent as they are. */
  | { readonly kind: 'send'; readonly statements: readonly Statement[] }
  /** The work table's columns, read with the driver's own catalog query, must equal the stage table's. */
  | { readonly kind: 'work-columns'; readonly table: string }
  /** The model's columns, from a statement computing no row, must equal the stage table's. */
  | { readonly kind: 'probe'; readonly statement: Statement }
  /** The new rows counted: the rows the rebuild wrote, and a rebuild selecting none over a non-empty table refused. */
  | { readonly kind: 'count'; readonly statement: Statement }
  /** The change feed compares the new rows with those they replace (`--changes` only). */
  | { readonly kind: 'capture' }
  /** The new rows swapped in; `insert` (in place) is the statement whose changed rows are the count. */
  | { readonly kind: 'swap'; readonly statements: readonly Statement[]; readonly insert: Statement | null }
  /** The model's watermark moved to what the rebuild applied (rendered when it runs: it records the time). */
  | { readonly kind: 'watermark' };

export interface RebuildPhase {
  /** The phase's steps commit together, in one transaction. */
  readonly transaction: boolean;
  readonly steps: readonly RebuildStep[];
}

export interface RebuildSequence {
  readonly phases: readonly RebuildPhase[];
  /** Sent last however the phases ended, outside any transaction, failures ignored (work tables dropped). */
  readonly cleanup: readonly Statement[];
}

/**
 * The sequence of one planned rebuild. Where DDL joins a transaction (DuckDB, PostgreSQL) everything commits in one;
 * elsewhere (BigQuery) the new rows are built outside, then the days swapped and the watermark moved in one
 * transaction (a full rebuild's copy over the stage table is one atomic DDL statement before it), always cleaned up.
 */
export function rebuildSequence(ctx: RunContext, plan: ModelPlan, st: RebuildStatements, opts: { readonly transactionalDdl: boolean; readonly feed: boolean }): RebuildSequence {
  const full = plan.mode === 'full';
  const capture: RebuildStep[] = opts.feed ? [{ kind: 'capture' }] : [];
  const build: RebuildStep[] = [
    { kind: 'send', statements: [...st.prepare, ...st.build] },
    ...(st.workTable && !full ? [{ kind: 'work-columns', table: st.workTable } as const] : []),
    ...(st.probe ? [{ kind: 'probe', statement: st.probe } as const] : []),
    ...(st.insert ? [] : [{ kind: 'count', statement: countStatement(ctx, st) } as const]),
    ...(full ? capture : []),
  ];
  const swap: RebuildStep[] = [...(full ? [] : capture), { kind: 'swap', statements: st.swap, insert: st.insert }];
  const watermark: RebuildStep = { kind: 'watermark' };
  if (opts.transactionalDdl) {
    return { phases: [{ transaction: true, steps: [...build, ...swap, watermark, { kind: 'send', statements: st.cleanup }] }], cleanup: [] };
  }
  const apply: RebuildPhase[] = st.swapIsDdl
    ? [{ transaction: false, steps: swap }, { transaction: true, steps: [watermark] }]
    : [{ transaction: true, steps: [...swap, watermark] }];
  return { phases: [{ transaction: false, steps: build }, ...apply], cleanup: st.cleanup };
}

/** The statement counting a rebuild's new rows (where they are once built). */
export function countStatement(ctx: RunContext, st: Pick<RebuildStatements, 'written'>): Statement {
  return runnerStatement(ctx, TABLE_COUNT, { table: st.written });
}

/** The statements moving a model's watermark to what a rebuild applied, recorded at `lastRunAt` by `operationId`. */
export function watermarkStatements(ctx: RunContext, model: ModelDef, watermark: string | null, operationId: string, lastRunAt: Date): Statement[] {
  const value = watermark === null ? null : new TimestampText(watermark);
  return runnerStatements(ctx, WATERMARK_SET, { model: model.name, watermark: value, last_run_at: lastRunAt, operation_id: operationId });
}
