import fs from 'node:fs';
import os from 'node:os';
import { driverMethod, type Row, type Warehouse } from '../targets/warehouse';

/** Operations this process has started: never taken for another process's stale entries. */
const ownOperations = new Set<string>();

/** The lock (or, without session locks, the lease) that a live process holds on each of its operations. */
export const operationLock = (operationId: string): string => `operation:${operationId}`;

/** Linux: the boot id and the process's start (clock ticks since boot), so a reused PID is not taken for the old one. */
function processStarted(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null; // a zombie has ended
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${fields[19]}`;
  } catch {
    return null;
  }
}

/** Who runs an operation: recorded in its ledger entry (host, pid, process_started). */
export function thisProcess(): { host: string; pid: number; process_started: string | null } {
  return { host: os.hostname(), pid: process.pid, process_started: processStarted(process.pid) };
}

/**
 * Marks an operation as this process's, and where the target has session locks (PostgreSQL advisory locks; the
 * DuckDB file is held by one process anyway) takes a lock on it, held until the connection closes: a process that
 * dies, however it dies, drops it.
 */
export async function holdOperation(wh: Warehouse, operationId: string): Promise<void> {
  ownOperations.add(operationId);
  if (!wh.adapter.sessionLocks) return;
  try {
    await driverMethod(wh, 'lock')(operationLock(operationId), { waitSeconds: 0 });
  } catch (err) {
    ownOperations.delete(operationId);
    throw err;
  }
}

/** Whether a process with this PID and start runs on this host: 'gone', 'alive', or 'unknown' (no /proc). */
export function localProcess(pid: number, started: string | null): 'alive' | 'gone' | 'unknown' {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  const now = processStarted(pid);
  if (now === null) return fs.existsSync('/proc/self/stat') ? 'gone' : 'unknown';
  return started === null || started === now ? 'alive' : 'gone';
}

/**
 * Whether the process that runs a `running` ledger entry is still alive. The lock is the signal where the target
 * has one (free: no session holds it, whichever host it ran on; no clock involved). Without session locks
 * (BigQuery), a process on this host is looked up by PID and start time; one on another host cannot be checked
 * and counts as alive (its lease on the operation expires after 60 minutes even while it runs, so an expired lease
 * proves nothing): `operations repair <id> --mark-failed` closes such an entry on an operator's word.
 */
export async function operationAlive(wh: Warehouse, op: Row): Promise<boolean> {
  const id = String(op['operation_id']);
  if (ownOperations.has(id)) return true;
  if (wh.adapter.sessionLocks) {
    const release = await driverMethod(wh, 'lock')(operationLock(id), { waitSeconds: 0 }).catch(() => null);
    if (release === null) return true; // a live session holds it
    await release();
    return false;
  }
  const pid = op['pid'] === null || op['pid'] === undefined ? null : Number(op['pid']);
  if (pid === null || !(pid > 0) || op['host'] !== os.hostname()) return true;
  return localProcess(pid, op['process_started'] === null || op['process_started'] === undefined ? null : String(op['process_started'])) !== 'gone';
}

/** `pid N on host` of a ledger entry, for messages. */
export function processText(op: Row): string {
  return op['pid'] === null || op['pid'] === undefined ? `run by ${String(op['run_by'])}` : `pid ${String(op['pid'])} on ${String(op['host'])}`;
}
