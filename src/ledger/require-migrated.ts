import { runnerStatement, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import type { Warehouse } from '../targets/warehouse';
import { SCHEMA_MIGRATIONS_LIST } from './sql';

/** Refuses to work on a warehouse whose tables are missing or behind the project's migrations. */
export async function requireMigrated(wh: Warehouse, ctx: RunContext): Promise<void> {
  const t = ctx.project.config.tables;
  const table = `${t.framework_schema}.schema_migrations`;
  const hint = `run 'backfill migrate --target ${ctx.project.targetName}' first`;
  // One query when all is well; only when it fails is the table looked for, to say what is wrong.
  const res = await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {})).catch(async (err: unknown) => {
    if ((await wh.columns(table)) === null) throw new UsageError(`the warehouse is not set up (${table} is missing); ${hint}`);
    throw err;
  });
  const applied = new Set(res.rows.map((r) => String(r['migration_id'])));
  const pending = ctx.compiled.migrations.filter((m) => !applied.has(m.id)).map((m) => m.id);
  if (pending.length > 0) throw new UsageError(`migrations pending (${pending.join(', ')}); ${hint}`);
}
