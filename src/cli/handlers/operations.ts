import { z } from 'zod';
import type { RunContext } from '../../compiler/statements';
import { getOperation, listOperations, resolveOperationId, type OperationFilter } from '../../ledger/read-entries';
import { requireMigrated } from '../../ledger/migrations';
import { markEntryFailed, recoverEntry, repairLedger, type Repair } from '../../operations/recover';
import type { Row, Warehouse } from '../../targets/warehouse';
import { count, flag, given } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse, type GlobalOptions } from '../context';
import { ledgerTable } from '../ledger-table';
import type { Output } from '../output';
import { parseAsOf } from '../../compiler/timestamps';

const RAW = z.object({
  action: given<'list' | 'show' | 'repair'>(),
  id: given<string>(),
  status: given<string>(),
  macro: given<string>(),
  since: given<string>(),
  until: given<string>(),
  limit: count,
  'mark-failed': flag,
  force: flag,
});

/** What each action needs, said before the project is even loaded. */
function usageProblem(a: z.infer<typeof RAW>): string | null {
  if (a.action === 'show' && !a.id) return "operations show: name the operation id, e.g. 'backfill operations show 7f3c…'";
  if (a.action !== 'repair') return null;
  if (a['mark-failed'] && !a.id) return "--mark-failed: name the operation id, e.g. 'backfill operations repair 7f3c… --mark-failed'";
  if (a.id && !a['mark-failed']) return `operations repair ${a.id}: add --mark-failed to close that entry (or leave the id out to repair every entry whose process is gone)`;
  if (a.force && !a['mark-failed']) return '--force: only with --mark-failed';
  return null;
}

const ARGS = RAW.superRefine((a, issues) => {
  const problem = usageProblem(a);
  if (problem !== null) issues.addIssue({ code: 'custom', message: problem });
});

/** The args of `backfill operations`. */
export type OperationsArgs = z.infer<typeof ARGS>;

/** `backfill operations [list|show <id>|repair [<id> --mark-failed]]`: the ledger. */
export const operationsHandler: CommandHandler<OperationsArgs> = {
  args: ARGS,
  run: (a, { globals, out }) => {
    if (a.action === 'show') return showOperation(globals, String(a.id), out);
    if (a.action === 'repair') return repairOperations(globals, a.id, a.force, out);
    return listLedger(globals, a, out);
  },
};

/** `backfill operations`: the ledger, newest first. */
function listLedger(globals: GlobalOptions, a: OperationsArgs, out: Output): Promise<number> {
  const filterOf = (): OperationFilter => ({
    status: a.status,
    macro: a.macro,
    since: a.since === undefined ? undefined : parseAsOf(a.since, undefined, '--since'),
    until: a.until === undefined ? undefined : parseAsOf(a.until, undefined, '--until'),
    limit: a.limit,
  });
  return withWarehouse(globals, { session: 'backfill operations', prepare: filterOf }, async (wh, ctx, filter) => {
    await requireMigrated(wh, ctx);
    const interrupted = filter.status === 'interrupted';
    const listed = await listOperations(wh, ctx, interrupted ? { ...filter, status: 'running' } : filter);
    const { rows, unsettled } = await settled(wh, ctx, listed, filter.status, out);
    if (rows.length > 0) for (const line of ledgerTable(rows)) out.say(line);
    for (const r of rows) out.event(r);
    out.say(`${rows.length} operation(s)`);
    if (unsettled !== null) out.note(`an interrupted entry had committed its data but its ledger entry could not be finished (${unsettled}); run 'backfill operations repair' with a role that can write to the ledger`);
    if (rows.some((r) => r['status'] === 'interrupted')) out.say("interrupted: its process is gone; 'backfill operations repair' closes such entries (or resume or revert one)");
    return 0;
  });
}

/** A `running` entry whose process is gone: finished when its data had committed (said so), else interrupted. */
async function settled(wh: Warehouse, ctx: RunContext, listed: readonly Row[], wanted: string | undefined, out: Output): Promise<{ rows: Row[]; unsettled: string | null }> {
  const interrupted = wanted === 'interrupted';
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
    if (interrupted ? status === 'interrupted' : wanted === undefined || wanted === status) {
      rows.push({ ...row, status, rows_written: r.state === 'finished' ? r.rows : row['rows_written'] });
    }
  }
  return { rows, unsettled };
}

const SHOWN = ['operation_id', 'command', 'macro', 'status', 'target', 'run_by', 'host', 'pid', 'git_commit', 'started_at', 'finished_at', 'sql_hash', 'reverted_by', 'error'];

/** `backfill operations show <id>`: one ledger entry with its SQL and counts. */
function showOperation(globals: GlobalOptions, given: string, out: Output): Promise<number> {
  return withWarehouse(globals, { session: 'backfill operations' }, async (wh, ctx) => {
    await requireMigrated(wh, ctx);
    const id = await resolveOperationId(wh, ctx, given);
    let op = await getOperation(wh, ctx, id);
    if (op['status'] === 'running') {
      const r = await recoverEntry(wh, ctx, id, { readOnly: true });
      if (r.state === 'finished') out.say(r.message);
      if (r.state === 'interrupted' && r.unsettled) out.note(`its data had committed but its ledger entry could not be finished (${r.unsettled}); run 'backfill operations repair' with a role that can write to the ledger`);
      op = r.state === 'interrupted' ? { ...r.op, status: 'interrupted' } : r.op;
    }
    for (const k of SHOWN) {
      if (op[k] !== null && op[k] !== undefined) out.say(`${k.padEnd(13)} ${String(op[k])}`);
    }
    out.say(`${'args'.padEnd(13)} ${JSON.stringify(op['args'])}`);
    out.say(`${'rows'.padEnd(13)} ${JSON.stringify(op['rows_written'])}`);
    if (op['sql_text']) out.say(`\n${String(op['sql_text'])}`);
    out.event(op);
    return 0;
  });
}

/**
 * `backfill operations repair`: closes every `running` entry whose process is gone (succeeded where its data
 * committed, else failed); with an id and --mark-failed, marks that one failed.
 */
function repairOperations(globals: GlobalOptions, id: string | undefined, force: boolean, out: Output): Promise<number> {
  return withWarehouse(globals, { session: 'backfill operations' }, async (wh, ctx) => {
    await requireMigrated(wh, ctx);
    const repairs: Repair[] = id ? [await markEntryFailed(wh, ctx, await resolveOperationId(wh, ctx, id), force)] : await repairLedger(wh, ctx);
    for (const r of repairs) {
      out.say(r.message);
      out.event(r);
    }
    out.say(`${repairs.length} entr${repairs.length === 1 ? 'y' : 'ies'} repaired`);
    return 0;
  });
}
