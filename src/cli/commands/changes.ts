import crypto from 'node:crypto';
import { deliver, initialSync, listSinks, setSinkStatus, type Delivery } from '../../changes/outbox';
import { resolveSink } from '../../changes/sinks';
import { UsageError } from '../../errors';
import { ledgerStart } from '../../ledger/ledger';
import { selectModels } from '../../rebuild/run';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';
import { requireMigrated } from '../../ledger/migrations';

/** One line about a delivery; exit 1 when the sink failed (its changes are kept). */
export function reportDelivery(d: Delivery, out: Output): number {
  if (d.status === 'error') {
    out.say(`changes → ${d.sink}: ${d.delivered} delivered, ${d.pending} kept; sink in error: ${d.error} (fix it, then 'backfill changes resume ${d.sink}')`);
  } else if (d.status === 'paused') {
    out.say(`changes → ${d.sink}: paused, ${d.pending} kept for 'backfill changes resume ${d.sink}'`);
  } else {
    out.say(`changes → ${d.sink}: ${d.delivered} delivered`);
  }
  out.event({ changes: d });
  return d.status === 'error' ? 1 : 0;
}

/** `backfill changes status|pause|resume|initial-sync`. */
export async function changesCommand(opts: GlobalOptions, a: { action: string; sink?: string; select?: readonly string[] }, out: Output, stdout: (s: string) => void): Promise<number> {
  const ctx = loadContext(opts);
  if (a.action !== 'status' && !a.sink) throw new UsageError(`changes ${a.action}: name the sink, e.g. 'backfill changes ${a.action} ${a.action === 'initial-sync' ? '--select card_shipped ' : ''}changes.ndjson'`);
  const sink = a.sink ? resolveSink(ctx, a.sink) : null;
  const models = a.action === 'initial-sync' ? selectModels(ctx, a.select ?? undefined) : [];
  const wh = await openWarehouse(ctx.project, `backfill changes ${a.action}`);
  try {
    await requireMigrated(wh, ctx);
    if (a.action === 'status') {
      const rows = await listSinks(wh, ctx, sink?.name);
      if (rows.length === 0) out.say('no change sinks yet (run with --changes <sink> to start one)');
      for (const r of rows) out.say(`${r.sink}: ${r.status}${r.error ? ` (${r.error})` : ''}, ${r.pending} pending, ${r.delivered} delivered`);
      for (const r of rows) out.event(r);
      return 0;
    }
    if (a.action === 'pause') {
      await setSinkStatus(wh, ctx, sink!, 'paused');
      out.say(`${sink!.name}: paused; changes are kept until 'backfill changes resume ${a.sink}'`);
      out.event({ sink: sink!.name, status: 'paused' });
      return 0;
    }
    if (a.action === 'resume') {
      await setSinkStatus(wh, ctx, sink!, 'active');
      return reportDelivery(await deliver(wh, ctx, sink!, stdout), out);
    }
    // initial-sync
    const operationId = crypto.randomUUID();
    const finish = await ledgerStart(wh, ctx, { operationId, command: 'changes initial-sync', macro: null, args: { sink: sink!.name, select: models.map((m) => m.name) }, statements: [] });
    const counts = await initialSync(wh, ctx, sink!, models, operationId).catch(async (err: unknown) => {
      await finish('failed', {}, err instanceof Error ? err.message : String(err));
      throw err;
    });
    await finish('succeeded', counts);
    out.say(`initial sync → ${sink!.name}: ${Object.entries(counts).map(([m, n]) => `${m} ${n} rows`).join(', ')}`);
    return reportDelivery(await deliver(wh, ctx, sink!, stdout), out);
  } finally {
    await wh.close();
  }
}
