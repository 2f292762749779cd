/**
 * The one skeleton of every command that writes: a lock held throughout, a ledger entry started, the work, and
 * the entry finished (succeeded) or failed. Where the ledger's finish commits decides what a crash leaves behind
 * (test/cli/issue16-ledger-crash.test.ts kills the process right after a commit), so each command says how its
 * work commits (`commit`) and the statements run in the same order and transactions as written out by hand.
 */
import type { RunContext } from '../compiler/statements';
import { firstLine } from '../errors';
import type { Release, Warehouse } from '../targets/warehouse';
import { ledgerFinish, ledgerStart, type LedgerEntry, type OperationStatus } from './ledger';
import { takeLock } from './locks';

/**
 * Holds the named lock while `fn` runs, released however it ends. A lock not taken is thrown, or answered by
 * `lockFailed` where the caller reports it apart from failures of the work (a rebuild's model: reason 'locked').
 */
export async function withLock<T>(wh: Warehouse, ctx: RunContext, resource: string, fn: () => Promise<T>, lockFailed?: (err: unknown) => T): Promise<T> {
  let release: Release;
  try {
    release = await takeLock(wh, ctx, resource);
  } catch (err) {
    if (lockFailed === undefined) throw err;
    return lockFailed(err);
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** Holds every named lock, taken in order, while `fn` runs; released in reverse however it ends. */
export async function withLocks<T>(wh: Warehouse, ctx: RunContext, resources: readonly string[], fn: () => Promise<T>): Promise<T> {
  const [first, ...rest] = resources;
  if (first === undefined) return fn();
  return withLock(wh, ctx, first, () => withLocks(wh, ctx, rest, fn));
}

/** How an operation ended once its work returned. */
export interface Outcome {
  readonly status: Extract<OperationStatus, 'succeeded' | 'failed'>;
  readonly rows: Record<string, number>;
  readonly error?: string;
}

/**
 * Where the work and the ledger entry commit:
 * - `with-finish`: the work and the entry's finish in one transaction (the start before it), so a kill right after
 *   the commit cannot leave the entry running, and a failure is recorded as failed;
 * - `with-start`: the start too, so an attempt that is rolled back leaves no entry at all (nothing is recorded
 *   and the failure is thrown as is: the import's direct read, retried line by line);
 * - `own`: the work commits in transactions of its own (batches, models), the finish follows the last of them.
 */
export type Commit = 'with-finish' | 'with-start' | 'own';

export interface RecordedOperation<T> {
  /** A new entry, or the id of one being finished (`resume`: started by the process that was killed). */
  readonly ledger: LedgerEntry | { readonly resumes: string };
  readonly commit: Commit;
  readonly work: () => Promise<T>;
  /** What the entry records once the work returned (read inside the transaction for `with-finish`/`with-start`). */
  readonly outcome: (result: T) => Promise<Outcome> | Outcome;
  /** What a failed entry records as written (nothing, unless given). */
  readonly failedRows?: () => Promise<Record<string, number>> | Record<string, number>;
  /** The error thrown once a failure is recorded (the failure itself, unless given). */
  readonly failure?: (err: unknown) => Error;
  /**
   * A run: when recording its failure fails too, the run's own error is the one thrown. (Elsewhere the recording's
   * error is thrown, as the commands always did.)
   */
  readonly keepErrorIfRecordingFails?: boolean;
}

type Finish = (status: OperationStatus, rows: Record<string, number>, error?: string) => Promise<void>;

/** Runs `op.work` as one recorded operation (see `Commit`); returns the work's result and what the entry recorded. */
export async function recordedOperation<T>(wh: Warehouse, ctx: RunContext, op: RecordedOperation<T>): Promise<{ result: T; outcome: Outcome }> {
  const start = async (): Promise<Finish> => {
    if ('resumes' in op.ledger) {
      const operationId = op.ledger.resumes;
      return (status, rows, error) => ledgerFinish(wh, ctx, operationId, status, rows, error);
    }
    return ledgerStart(wh, ctx, op.ledger);
  };
  const workAndFinish = async (finish: Finish): Promise<{ result: T; outcome: Outcome }> => {
    const result = await op.work();
    const outcome = await op.outcome(result);
    await finish(outcome.status, outcome.rows, outcome.error);
    return { result, outcome };
  };
  if (op.commit === 'with-start') return wh.transaction(async () => workAndFinish(await start()));
  const finish = await start();
  let result: T;
  try {
    if (op.commit === 'with-finish') return await wh.transaction(() => workAndFinish(finish));
    result = await op.work();
  } catch (err) {
    const recorded = (async () => finish('failed', (await op.failedRows?.()) ?? {}, firstLine(err)))();
    await (op.keepErrorIfRecordingFails ? recorded.catch(() => undefined) : recorded);
    throw op.failure ? op.failure(err) : err;
  }
  const outcome = await op.outcome(result);
  await finish(outcome.status, outcome.rows, outcome.error);
  return { result, outcome };
}
