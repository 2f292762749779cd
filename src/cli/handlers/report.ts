import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../errors';
import { writeFileSafely } from '../../fs/safe-write';
import { buildReport } from '../../report/report';
import { count, given } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';

const ARGS = z.object({ out: given<string>(), operation: given<string>(), days: count });

/** `backfill report [--out target/report.html] [--operation id] [--days n]`: one self-contained HTML page. */
export const reportHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) => {
    // Checked once the project loads (its errors come first), before the warehouse opens.
    const checkDays = (): void => {
      if (!Number.isInteger(a.days) || a.days < 1 || a.days > 3650) throw new UsageError(`--days: ${a.days} is not a number of days from 1 to 3650`);
    };
    return withWarehouse(globals, { session: 'backfill report', prepare: checkDays }, async (wh, ctx) => {
      const html = await buildReport(wh, ctx, { days: a.days, operationId: a.operation });
      // Replaced atomically: a link planted at the path is replaced, what it points at is untouched; under target/,
      // no directory on the way may be a link either.
      const file = a.out === undefined ? path.join(ctx.project.dir, 'target', 'report.html') : path.resolve(a.out);
      writeFileSafely(file, html, a.out === undefined ? ctx.project.dir : undefined);
      out.say(`report: ${file}`);
      out.event({ command: 'report', status: 'succeeded', operation_id: a.operation ?? null, rows: {}, file });
      return 0;
    });
  },
};
