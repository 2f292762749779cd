import { revertOperation } from '../../revert/revert';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';

/** `backfill revert <operation_id> [--force]`. */
export async function revertCommand(opts: GlobalOptions, a: { operationId: string; force: boolean }, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill revert');
  try {
    const s = await revertOperation(wh, ctx, a.operationId, { force: a.force });
    if (s.recovered) out.say(s.recovered);
    out.say(`revert ${a.operationId}: ${s.status}, operation ${s.operation_id}; the next 'backfill run' rebuilds the days it touched`);
    for (const l of rowsLines(s.rows)) out.say(l);
    out.event(s);
    return 0;
  } finally {
    await wh.close();
  }
}
