import { migrate } from '../../ledger/migrations';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';

export async function migrateCommand(opts: GlobalOptions, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill migrate', { create: true });
  try {
    const outcomes = await migrate(wh, ctx);
    for (const o of outcomes) {
      out.say(`${o.id.padEnd(28)} ${o.status}`);
      out.event({ migration: o.id, status: o.status });
    }
    const applied = outcomes.filter((o) => o.status === 'applied').length;
    out.say(`migrate: ${applied} applied, ${outcomes.length - applied} up to date (target ${ctx.project.targetName})`);
    out.event({ command: 'migrate', status: 'succeeded', applied, rows: {} });
    return 0;
  } finally {
    await wh.close();
  }
}
