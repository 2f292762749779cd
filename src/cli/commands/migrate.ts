import type { TableAdoption } from '../../ledger/adopt';
import { migrate, migrationPlan } from '../../ledger/migrations';
import { NO_ARGS, type CommandModule } from '../command';
import { withWarehouse } from '../context';
import type { Output } from '../output';

/** `backfill migrate`: create or upgrade the framework and event tables (the one command that creates a DuckDB file). */
export const migrateCommand: CommandModule<object> = {
  command: 'migrate',
  describe: 'create/upgrade all framework and event tables (existing ones get the columns they lack); --dry-run prints the SQL',
  args: NO_ARGS,
  run: (_a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill migrate', create: !globals.dryRun }, async (wh, ctx) => {
      if (globals.dryRun) {
        const plan = await migrationPlan(wh, ctx);
        for (const a of plan.adoptions) {
          out.say(`-- would alter ${a.table}: add ${a.added.join(', ')}`);
          for (const s of a.statements) out.say(`${s.sql};`);
        }
        for (const m of plan.pending) {
          out.say(`-- would apply migration ${m.id}`);
          for (const s of m.statements) out.say(`${s.sql};`);
        }
        out.say(`migrate (dry run): ${plan.adoptions.length} tables to alter, ${plan.pending.length} migrations to apply; nothing written (target ${ctx.project.targetName})`);
        out.event({ command: 'migrate', status: 'dry-run', alter: plan.adoptions.map((a) => ({ table: a.table, add: a.added })), apply: plan.pending.map((m) => m.id), rows: {} });
        return 0;
      }
      const outcomes = await migrate(wh, ctx, (a) => adopted(out, a));
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

function adopted(out: Output, a: TableAdoption): void {
  out.say(`${a.table}: added ${a.added.join(', ')}`);
  out.event({ table: a.table, status: 'altered', added: a.added });
}
