import crypto from 'node:crypto';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { OperationError } from '../errors';
import { driverMethod, type Release, type Warehouse } from '../targets/warehouse';
import { operationLock } from './liveness';
import { runBy } from '../run-by';
import { LEASE_EXPIRE, LEASE_HOLDERS, LEASE_INSERT, LEASE_RELEASE } from './sql';

/** How long a lease lives without being released (a process that died frees it after this). */
const LEASE_MINUTES = 60;

/**
 * Takes the named lock: the target's own (DuckDB file lock, PostgreSQL advisory lock) where it has one, else a
 * lease row in the framework schema (BigQuery). Waits up to `lock_wait_seconds`, then fails naming the holder.
 */
export async function takeLock(wh: Warehouse, ctx: RunContext, resource: string): Promise<Release> {
  const waitSeconds = ctx.project.vars.lock_wait_seconds;
  if (wh.adapter.sessionLocks) return driverMethod(wh, 'lock')(resource, { waitSeconds });
  return takeLease(wh, ctx, resource, waitSeconds);
}

/**
 * Without session locks (BigQuery): a lease on an operation, held while it runs and released by the returned function
 * (it expires if the process dies); null where the operation's session lock (holdOperation) shows it alive.
 */
export async function holdOperationLease(wh: Warehouse, ctx: RunContext, operationId: string): Promise<Release | null> {
  return wh.adapter.sessionLocks ? null : takeLease(wh, ctx, operationLock(operationId), 0);
}

/** The lease protocol: expire stale rows, ask (insert), and hold it if ours is the first request. */
export async function takeLease(wh: Warehouse, ctx: RunContext, resource: string, waitSeconds: number, clock: () => Date = () => new Date()): Promise<Release> {
  const holder = crypto.randomUUID();
  const deadline = clock().getTime() + waitSeconds * 1000;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const now = clock();
    await wh.run(runnerStatement(ctx, LEASE_EXPIRE, { resource, at_time: now }));
    await wh.run(runnerStatement(ctx, LEASE_INSERT, { resource, holder, holder_info: runBy(), at_time: now, expires_at: new Date(now.getTime() + LEASE_MINUTES * 60_000) }));
    const first = (await wh.run(runnerStatement(ctx, LEASE_HOLDERS, { resource, at_time: now }))).rows[0];
    if (first?.['holder'] === holder) break;
    await wh.run(runnerStatement(ctx, LEASE_RELEASE, { resource, holder }));
    if (clock().getTime() >= deadline) {
      throw new OperationError(`${resource} is locked by ${String(first?.['holder_info'] ?? 'another process')} (lease since ${String(first?.['acquired_at'] ?? '?')}); waited ${waitSeconds}s, try again when it has finished`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  return async () => {
    await wh.run(runnerStatement(ctx, LEASE_RELEASE, { resource, holder }));
  };
}
