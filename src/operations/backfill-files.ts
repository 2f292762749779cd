/** Applying the reviewed backfill files (their format and loading: backfill-file.ts). */
import { runnerStatement, type RunContext } from '../compiler/statements';
import type { BackfillFile } from './backfill-file';
import { appliedChecksums, refuseChanged } from '../ledger/applied-once';
import type { Warehouse } from '../targets/warehouse';
import { runOperation, type OperationSummary } from './run-operation';
import { NothingMatchedError } from './unmatched-ids';
import { compileOperation } from './compile-operation';
import { requireMigrated } from '../ledger/migrations';
import { APPLIED_BACKFILLS_LIST, APPLIED_BACKFILLS_RECORD } from './sql';

/**
 * The names of the files applied already (checked first: every file's arguments valid, and no applied file changed
 * since; else refused before anything runs).
 */
export async function appliedBackfills(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[]): Promise<ReadonlySet<string>> {
  for (const f of files) compileOperation(ctx, f.macro, f.args); // every file's arguments are valid before any runs
  await requireMigrated(wh, ctx);
  const applied = appliedChecksums((await wh.run(runnerStatement(ctx, APPLIED_BACKFILLS_LIST, {}))).rows, 'backfill_name');
  refuseChanged(applied, files, (f) => f.name, (f) => `backfill ${f.name} was applied and its file has changed since (checksum differs); restore ${f.file} and put the new correction in a new file`);
  return new Set(applied.keys());
}

export interface ApplyOutcome {
  readonly name: string;
  readonly status: 'applied' | 'already applied';
  readonly summary?: OperationSummary;
}

/**
 * Runs every backfill file not applied yet, in name order, each as one operation recorded with the file's
 * checksum in the same transaction. An applied file whose content changed is refused before anything runs.
 */
export async function applyBackfills(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[], onApplied?: (o: ApplyOutcome) => void): Promise<ApplyOutcome[]> {
  const applied = await appliedBackfills(wh, ctx, files);
  const outcomes: ApplyOutcome[] = [];
  for (const f of files) {
    if (applied.has(f.name)) {
      outcomes.push({ name: f.name, status: 'already applied' });
      continue;
    }
    const summary = await runOperation(wh, ctx, f.macro, f.args, {
      command: 'apply',
      alsoInTransaction: (operationId) => [runnerStatement(ctx, APPLIED_BACKFILLS_RECORD, { backfill_name: f.name, checksum: f.checksum, operation_id: operationId, applied_at: new Date() })],
    }).catch((err: unknown) => {
      // Which file it was (the file stays unapplied: nothing of it was written).
      throw err instanceof NothingMatchedError ? err.within(`backfill ${f.name}`) : err;
    });
    const outcome: ApplyOutcome = { name: f.name, status: 'applied', summary };
    outcomes.push(outcome);
    onApplied?.(outcome);
  }
  return outcomes;
}
