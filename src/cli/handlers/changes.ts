import crypto from 'node:crypto';
import { z } from 'zod';
import { deliver, initialSync, listSinks, setSinkStatus } from '../../changes/outbox';
import { resolveSink, type Sink } from '../../changes/sinks';
import type { ModelDef } from '../../compiler/project';
import type { RunContext } from '../../compiler/statements';
import { UsageError } from '../../errors';
import { recordedOperation } from '../../ledger/recorded-operation';
import { selectModels } from '../../rebuild/run';
import type { Warehouse } from '../../targets/warehouse';
import { given, text } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { reportDelivery } from '../delivery';
import type { Output } from '../output';
import { requireMigrated } from '../../ledger/migrations';

const ARGS = z.object({ action: text, sink: given<string>(), select: given<string[]>(), exclude: given<string[]>() });

/** The args of `backfill changes`. */
export type ChangesArgs = z.infer<typeof ARGS>;

/** `backfill changes status|pause|resume|initial-sync`. */
export const changesHandler: CommandHandler<ChangesArgs> = {
  args: ARGS,
  run: (a, { globals, out, stdout }) => {
    const prepare = (ctx: RunContext): { sink: Sink | null; models: readonly ModelDef[] } => {
      if (a.action !== 'status' && !a.sink) throw new UsageError(`changes ${a.action}: name the sink, e.g. 'backfill changes ${a.action} ${a.action === 'initial-sync' ? '--select card_shipped ' : ''}changes.ndjson'`);
      return { sink: a.sink ? resolveSink(ctx, a.sink) : null, models: a.action === 'initial-sync' ? selectModels(ctx, a.select ?? undefined, a.exclude ?? undefined) : [] };
    };
    return withWarehouse(globals, { session: `backfill changes ${a.action}`, prepare }, async (wh, ctx, { sink, models }) => {
      await requireMigrated(wh, ctx);
      if (a.action === 'status') return status(wh, ctx, sink, out);
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
      await syncFromScratch(wh, ctx, sink!, models, out);
      return reportDelivery(await deliver(wh, ctx, sink!, stdout), out);
    });
  },
};

/** `changes status [sink]`: each sink's state and counts. */
async function status(wh: Warehouse, ctx: RunContext, sink: Sink | null, out: Output): Promise<number> {
  const rows = await listSinks(wh, ctx, sink?.name);
  if (rows.length === 0) out.say('no change sinks yet (run with --changes <sink> to start one)');
  for (const r of rows) out.say(`${r.sink}: ${r.status}${r.error ? ` (${r.error})` : ''}, ${r.pending} pending, ${r.delivered} delivered`);
  for (const r of rows) out.event(r);
  return 0;
}

/** `changes initial-sync <sink>`: every row of the models queued for the sink, recorded as one ledger entry. */
async function syncFromScratch(wh: Warehouse, ctx: RunContext, sink: Sink, models: readonly ModelDef[], out: Output): Promise<void> {
  const operationId = crypto.randomUUID();
  const ledger = { operationId, command: 'changes initial-sync', macro: null, args: { sink: sink.name, select: models.map((m) => m.name) }, statements: [] };
  const { result: counts } = await recordedOperation(wh, ctx, {
    ledger,
    commit: 'own',
    work: () => initialSync(wh, ctx, sink, models, operationId),
    outcome: (rows) => ({ status: 'succeeded', rows }),
  });
  out.say(`initial sync → ${sink.name}: ${Object.entries(counts).map(([m, n]) => `${m} ${n} rows`).join(', ')}`);
}
