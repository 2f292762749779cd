import { z } from 'zod';
import type { TableAdoption } from '../../ledger/adopt';
import { migrate, migrationPlan, type MigrationPlan } from '../../ledger/migrations';
import { flag } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import type { Output } from '../output';

const ARGS = z.object({ 'create-original': flag }).transform((a) => ({ createOriginal: a['create-original'] || undefined }));

/** `backfill migrate`: create or upgrade the framework and event tables (the one command that creates a DuckDB file). */
export const migrateHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    // A dry run against a DuckDB file not created yet reads an empty database: it shows all it would create.
    withWarehouse(globals, { session: 'backfill migrate', ifMissing: globals.dryRun ? 'empty' : 'create' }, async (wh, ctx) => {
      if (globals.dryRun) {
        const plan = await migrationPlan(wh, ctx, a);
        printPlan(out, plan);
        out.say(`migrate (dry run): ${plan.adoptions.length} tables to alter, ${plan.created.length} to create, ${plan.due.length} migrations to apply; nothing written (target ${ctx.project.targetName})`);
        out.event({ command: 'migrate', status: 'dry-run', alter: plan.adoptions.map((t) => ({ table: t.table, add: t.added })), create: plan.created, apply: plan.due.map((m) => m.id), rows: {} });
        return 0;
      }
      const created: string[] = [];
      const outcomes = await migrate(wh, ctx, { ...a, onAdopted: (t) => adopted(out, t), onCreated: (t) => created.push(t) });
      for (const o of outcomes) {
        out.say(`${o.id.padEnd(28)} ${o.status}`);
        out.event({ migration: o.id, status: o.status });
      }
      for (const table of created) {
        out.say(`${table}: created`);
        out.event({ table, status: 'created' });
      }
      const applied = outcomes.filter((o) => o.status === 'applied').length;
      const reapplied = outcomes.filter((o) => o.status === 're-applied').length;
      const again = reapplied > 0 ? `, ${reapplied} re-applied for this configuration` : '';
      out.say(`migrate: ${applied} applied${again}, ${outcomes.length - applied - reapplied} up to date (target ${ctx.project.targetName})`);
      out.event({ command: 'migrate', status: 'succeeded', applied, reapplied, created, rows: {} });
      return 0;
    }),
};

function printPlan(out: Output, plan: MigrationPlan): void {
  for (const t of plan.adoptions) {
    out.say(`-- would alter ${t.table}: add ${t.added.join(', ')}`);
    for (const s of t.statements) out.say(`${s.sql};`);
  }
  for (const table of plan.created) out.say(`-- would create ${table}`);
  for (const m of plan.due) {
    out.say(`-- would ${m.status === 'pending' ? 'apply' : 're-apply'} migration ${m.id}${m.status === 'pending' ? '' : ' (what it renders for this configuration is not what was applied)'}`);
    for (const s of m.statements) out.say(`${s.sql};`);
  }
}

function adopted(out: Output, a: TableAdoption): void {
  out.say(`${a.table}: added ${a.added.join(', ')}`);
  out.event({ table: a.table, status: 'altered', added: a.added });
}
