import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { runnerStatement, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import type { Warehouse } from '../targets/warehouse';
import { holdOperation, thisProcess } from './liveness';
import { runBy } from '../run-by';
import { holdOperationLease } from './locks';
import { LEDGER_FINISH, LEDGER_START } from './sql';

export type OperationStatus = 'running' | 'succeeded' | 'failed' | 'reverted';

export interface LedgerEntry {
  readonly operationId: string;
  readonly command: string;
  readonly macro: string | null;
  readonly args: unknown;
  readonly statements: readonly Statement[];
  /** The macro declares `keeps_event_days` (its rows never move an event to another day). */
  readonly keepsEventDays?: boolean;
}

const commits = new Map<string, Promise<string | null>>();

/**
 * The project's git commit, when it is a git checkout (null otherwise); asked once per process, by a `git` of its
 * own that runs while this one goes on: a command that records an operation asks early (prefetchGitCommit), so
 * the answer is there by its ledger start.
 */
export function gitCommit(dir: string): Promise<string | null> {
  let commit = commits.get(dir);
  if (commit === undefined) {
    commit = new Promise((resolve) => {
      const child = execFile('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', timeout: 5000 }, (err, stdout) => resolve(err ? null : stdout.trim() || null));
      child.stdin?.end();
    });
    commits.set(dir, commit);
  }
  return commit;
}

/** Starts asking for the project's git commit (gitCommit), for a command about to record an operation. */
export function prefetchGitCommit(dir: string): void {
  void gitCommit(dir);
}

export function sqlHash(statements: readonly Statement[]): string {
  return crypto.createHash('sha256').update(statements.map((s) => s.sql).join(';\n')).digest('hex');
}

/**
 * Records an operation as running, with the host and process that run it (and, where the target has session
 * locks, a lock on the operation held until the connection closes, so others can tell it is alive); the returned
 * function records how it ended. Called inside a transaction, that UPDATE commits with the data.
 */
export async function ledgerStart(
  wh: Warehouse,
  ctx: RunContext,
  entry: LedgerEntry,
): Promise<(status: OperationStatus, rows: Record<string, number>, error?: string) => Promise<void>> {
  await holdOperation(wh, entry.operationId);
  // Without session locks (BigQuery): a lease on the operation, released when it ends (it expires if the process
  // dies). Not inside a transaction: there the entry commits with the data or not at all, and no lease DML can
  // make the transaction conflict with other processes' leases.
  const lease = wh.inTransaction?.() ? null : await holdOperationLease(wh, ctx, entry.operationId);
  await wh.run(ledgerStartStatement(ctx, entry, { run_by: runBy(), started_at: new Date(), git_commit: await gitCommit(ctx.project.dir), ...thisProcess() }));
  return async (status, rows, error) => {
    await ledgerFinish(wh, ctx, entry.operationId, status, rows, error);
    await lease?.().catch(() => undefined);
  };
}

/** Records how an operation ended (also for a resumed one). */
export async function ledgerFinish(wh: Warehouse, ctx: RunContext, operationId: string, status: OperationStatus, rows: Record<string, number>, error?: string): Promise<void> {
  await wh.run(ledgerFinishStatement(ctx, operationId, status, rows, error ?? null, new Date()));
}

/** Who started an operation, and when: what its entry records besides the entry itself. */
export interface Starter {
  readonly run_by: string;
  readonly started_at: Date;
  readonly git_commit: string | null;
  readonly host: string;
  readonly pid: number;
  readonly process_started: string | null;
}

/** The statement recording an operation as running (also written out by `compile run`, with placeholders). */
export function ledgerStartStatement(ctx: RunContext, entry: LedgerEntry, who: Starter): Statement {
  return runnerStatement(ctx, LEDGER_START, {
    operation_id: entry.operationId,
    command: entry.command,
    macro: entry.macro,
    args: entry.args ?? {},
    target: ctx.project.targetName,
    sql_hash: sqlHash(entry.statements),
    sql_text: entry.statements.length > 0 ? entry.statements.map((st) => `${st.sql};`).join('\n\n') : null,
    keeps_event_days: entry.keepsEventDays === true,
    ...who,
  });
}

/** The statement recording how an operation ended. */
export function ledgerFinishStatement(ctx: RunContext, operationId: string, status: OperationStatus, rows: Record<string, number>, error: string | null, finishedAt: Date): Statement {
  return runnerStatement(ctx, LEDGER_FINISH, { operation_id: operationId, status, finished_at: finishedAt, rows, error });
}
