import { z } from 'zod';
import { resolveOperationId } from '../../ledger/read-entries';
import { revertOperation } from '../../revert/revert';
import { flag, text } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { rowsLines } from '../output';

const ARGS = z.object({ operation_id: text, force: flag }).transform((a) => ({ operationId: a.operation_id, force: a.force }));

/** `backfill revert <operation_id> [--force]`. */
export const revertHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill revert' }, async (wh, ctx) => {
      const id = await resolveOperationId(wh, ctx, a.operationId);
      const s = await revertOperation(wh, ctx, id, { force: a.force });
      if (s.recovered) out.say(s.recovered);
      out.say(`revert ${id}: ${s.status}, operation ${s.operation_id}; the next 'backfill run' rebuilds the days it touched`);
      for (const l of rowsLines(s.rows)) out.say(l);
      out.event(s);
      return 0;
    }),
};
