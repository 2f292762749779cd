import { parseAsOf } from '../../compiler/statements';
import { getOperation, listOperations } from '../../ledger/entries';
import { markEntryFailed, recoverEntry, repairLedger, type Repair } from '../../ledger/recover';
import { UsageError } from '../../errors';
import type { Row } from '../../targets/warehouse';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';
import { requireMigrated } from '../../ledger/migrations';

export interface OperationsArgs {
  readonly status?: string;
  readonly macro?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit: number;
}

/** `backfill operations`: the ledger, newest first. */
export async function operationsCommand(opts: GlobalOptions, a: OperationsArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const filter = {
    status: a.status,
    macro: a.macro,
    since: a.since === undefined ? undefined : parseAsOf(a.since, undefined, '--since'),
    until: a.until === undefined ? undefined : parseAsOf(a.until, undefined, '--until'),
    limit: a.limit,
  };
  const wh = await openWarehouse(ctx.project, 'backfill operations');
  try {
    await requireMigrated(wh, ctx);
    const interrupted = filter.status === 'interrupted';
    const listed = await listOperations(wh, ctx, interrupted ? { ...filter, status: 'running' } : filter);
    // A `running` entry whose process is gone: finished when its data had committed (said so), else interrupted.
    const rows: Row[] = [];
    let unsettled: string | null = null;
    for (const row of listed) {
      if (row['status'] !== 'running') {
        rows.push(row);
        continue;
      }
      const r = await recoverEntry(wh, ctx, String(row['operation_id']), { readOnly: true });
      if (r.state === 'finished') out.say(r.message);
      if (r.state === 'interrupted' && r.unsettled) unsettled ??= r.unsettled;
      const status = r.state === 'interrupted' ? 'interrupted' : r.state === 'finished' ? 'succeeded' : String(r.op['status']);
      if (interrupted ? status === 'interrupted' : filter.status === undefined || filter.status === status) {
        rows.push({ ...row, status, rows_written: r.state === 'finished' ? r.rows : row['rows_written'] });
      }
    }
    for (const r of rows) {
      const written = Object.entries((r['rows_written'] as Record<string, number> | null) ?? {}).map(([t, n]) => `${t} ${n >= 0 ? '+' : ''}${n}`).join(', ');
      out.say(`${String(r['operation_id'])}  ${String(r['started_at']).slice(0, 19)}  ${String(r['status']).padEnd(9)}  ${String(r['command'])}${r['macro'] ? ` ${String(r['macro'])}` : ''}  ${written}`);
      out.event(r);
    }
    out.say(`${rows.length} operation(s)`);
    if (unsettled !== null) out.note(`an interrupted entry had committed its data but its ledger entry could not be finished (${unsettled}); run 'backfill operations repair' with a role that can write to the ledger`);
    if (rows.some((r) => r['status'] === 'interrupted')) out.say("interrupted: its process is gone; 'backfill operations repair' closes such entries (or resume or revert one)");
    return 0;
  } finally {
    await wh.close();
  }
}

/** `backfill operations show <id>`: one ledger entry with its SQL and counts. */
export async function operationShowCommand(opts: GlobalOptions, id: string, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill operations');
  try {
    await requireMigrated(wh, ctx);
    let op = await getOperation(wh, ctx, id);
    if (op['status'] === 'running') {
      const r = await recoverEntry(wh, ctx, id, { readOnly: true });
      if (r.state === 'finished') out.say(r.message);
      if (r.state === 'interrupted' && r.unsettled) out.note(`its data had committed but its ledger entry could not be finished (${r.unsettled}); run 'backfill operations repair' with a role that can write to the ledger`);
      op = r.state === 'interrupted' ? { ...r.op, status: 'interrupted' } : r.op;
    }
    for (const k of ['operation_id', 'command', 'macro', 'status', 'target', 'run_by', 'host', 'pid', 'git_commit', 'started_at', 'finished_at', 'sql_hash', 'reverted_by', 'error']) {
      if (op[k] !== null && op[k] !== undefined) out.say(`${k.padEnd(13)} ${String(op[k])}`);
    }
    out.say(`${'args'.padEnd(13)} ${JSON.stringify(op['args'])}`);
    out.say(`${'rows'.padEnd(13)} ${JSON.stringify(op['rows_written'])}`);
    if (op['sql_text']) out.say(`\n${String(op['sql_text'])}`);
    out.event(op);
    return 0;
  } finally {
    await wh.close();
  }
}

/** `backfill operations repair`: closes every `running` entry whose process is gone (succeeded where its data committed, else failed). */
export async function operationsRepairCommand(opts: GlobalOptions, out: Output, one: { id?: string; markFailed?: boolean; force?: boolean } = {}): Promise<number> {
  if (one.markFailed && !one.id) throw new UsageError("--mark-failed: name the operation id, e.g. 'backfill operations repair 7f3c… --mark-failed'");
  if (one.id && !one.markFailed) throw new UsageError(`operations repair ${one.id}: add --mark-failed to close that entry (or leave the id out to repair every entry whose process is gone)`);
  if (one.force && !one.markFailed) throw new UsageError('--force: only with --mark-failed');
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill operations');
  try {
    await requireMigrated(wh, ctx);
    const repairs: Repair[] = one.id ? [await markEntryFailed(wh, ctx, one.id, one.force === true)] : await repairLedger(wh, ctx);
    for (const r of repairs) {
      out.say(r.message);
      out.event(r);
    }
    out.say(`${repairs.length} entr${repairs.length === 1 ? 'y' : 'ies'} repaired`);
    return 0;
  } finally {
    await wh.close();
  }
}
