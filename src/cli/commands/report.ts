import path from 'node:path';
import { UsageError } from '../../errors';
import { writeFileSafely } from '../../fs/safe-write';
import { buildReport } from '../../report/report';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';

/** `backfill report [--out report.html] [--operation id] [--days n]`: one self-contained HTML page. */
export async function reportCommand(opts: GlobalOptions, a: { out: string; operation?: string; days: number }, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  if (!Number.isInteger(a.days) || a.days < 1 || a.days > 3650) throw new UsageError(`--days: ${a.days} is not a number of days from 1 to 3650`);
  const wh = await openWarehouse(ctx.project, 'backfill report');
  try {
    const html = await buildReport(wh, ctx, { days: a.days, operationId: a.operation });
    const file = path.resolve(a.out);
    // Replaced atomically: a link planted at the path is replaced, what it points at is untouched.
    writeFileSafely(file, html);
    out.say(`report: ${file}`);
    out.event({ command: 'report', status: 'succeeded', operation_id: a.operation ?? null, rows: {}, file });
    return 0;
  } finally {
    await wh.close();
  }
}
