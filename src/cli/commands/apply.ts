import { applyBackfills, loadBackfillFiles } from '../../operations/backfill-files';
import { openWarehouse } from '../../warehouse/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';

/** `backfill apply [paths]`: run the reviewed backfill files not applied yet, in name order. */
export async function applyCommand(opts: GlobalOptions, paths: readonly string[], out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const files = loadBackfillFiles(ctx, paths);
  if (files.length === 0) {
    out.say('apply: no backfill files (backfills/*.yml)');
    out.event({ command: 'apply', status: 'succeeded', operation_id: null, rows: {}, applied: [] });
    return 0;
  }
  const wh = await openWarehouse(ctx.project, 'backfill apply');
  try {
    const outcomes = await applyBackfills(wh, ctx, files, (o) => {
      out.say(`${o.name}: applied, operation ${o.summary!.operation_id}`);
      for (const l of rowsLines(o.summary!.rows)) out.say(l);
      if (o.summary!.unmatched_ids) out.warn(`${o.name}: ${o.summary!.unmatched_ids.length} id(s) matched no event: ${o.summary!.unmatched_ids.join(', ')}`);
      out.event({ backfill: o.name, ...o.summary });
    });
    const rows: Record<string, number> = {};
    for (const o of outcomes) for (const [t, n] of Object.entries(o.summary?.rows ?? {})) rows[t] = (rows[t] ?? 0) + n;
    const applied = outcomes.filter((o) => o.status === 'applied').map((o) => o.name);
    out.say(`apply: ${applied.length} applied, ${outcomes.length - applied.length} already applied`);
    out.event({ command: 'apply', status: 'succeeded', operation_id: outcomes.find((o) => o.summary)?.summary?.operation_id ?? null, operation_ids: outcomes.flatMap((o) => (o.summary ? [o.summary.operation_id] : [])), rows, applied });
    return 0;
  } finally {
    await wh.close();
  }
}
