import { migrate } from '../../ledger/migrations';
import { NO_ARGS, type CommandModule } from '../command';
import { withWarehouse } from '../context';

/** `backfill migrate`: create or upgrade the framework and event tables (the one command that creates a DuckDB file). */
export const migrateCommand: CommandModule<object> = {
  command: 'migrate',
  describe: 'create/upgrade all framework and event tables',
  args: NO_ARGS,
  run: (_a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill migrate', create: true }, async (wh, ctx) => {
      const outcomes = await migrate(wh, ctx);
      for (const o of outcomes) {
        out.say(`${o.id.padEnd(28)} ${o.status}`);
        out.event({ migration: o.id, status: o.status });
      }
      const applied = outcomes.filter((o) => o.status === 'applied').length;
      out.say(`migrate: ${applied} applied, ${outcomes.length - applied} up to date (target ${ctx.project.targetName})`);
      out.event({ command: 'migrate', status: 'succeeded', applied, rows: {} });
      return 0;
    }),
};
