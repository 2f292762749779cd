import { renderState, runnerStatement, runnerStatements, toStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { adoptionPlan, type TableAdoption } from './adopt';
import { UsageError } from '../errors';
import { ddlThenDml } from '../targets/transaction';
import { appliedChecksums, refuseChanged } from './applied-once';
import type { Warehouse } from '../targets/warehouse';
import { MIGRATIONS_READY, SCHEMA_MIGRATIONS_CREATE, SCHEMA_MIGRATIONS_LIST, SCHEMA_MIGRATIONS_RECORD } from './sql';

/** The refusal of an applied migration whose file changed since. */
const edited = (m: { id: string; file: string }): string => `migration ${m.id} was edited after it was applied (checksum differs); restore ${m.file} and put the change in a new migration`;

export interface MigrationOutcome {
  readonly id: string;
  readonly status: 'applied' | 'up to date';
}

/**
 * Brings existing event tables to the framework's columns (src/ledger/adopt.ts), then applies pending migrations in
 * order, each in its own transaction; an edited applied migration is refused. Adoption comes first, all of it
 * checked before anything is written, so that a migration reading a framework column finds it (0009).
 */
export async function migrate(wh: Warehouse, ctx: RunContext, onAdopted: (a: TableAdoption) => void = () => undefined): Promise<MigrationOutcome[]> {
  const adoptions = await adoptionPlan(wh, ctx);
  for (const s of runnerStatements(ctx, SCHEMA_MIGRATIONS_CREATE, {})) await wh.run(s);
  const applied = appliedChecksums((await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}))).rows, 'migration_id');
  refuseChanged(applied, ctx.compiled.migrations, (m) => m.id, edited);
  for (const a of adoptions) {
    await ddlThenDml(wh, a.statements, []);
    onAdopted(a);
  }
  const outcomes: MigrationOutcome[] = [];
  for (const m of ctx.compiled.migrations) {
    if (applied.has(m.id)) {
      outcomes.push({ id: m.id, status: 'up to date' });
      continue;
    }
    // Where DDL cannot join a transaction (BigQuery), migrations are written to be re-runnable (IF NOT EXISTS).
    await ddlThenDml(wh, migrationStatements(ctx, m), [runnerStatement(ctx, SCHEMA_MIGRATIONS_RECORD, { migration_id: m.id, checksum: m.checksum, applied_at: new Date() })]);
    outcomes.push({ id: m.id, status: 'applied' });
  }
  return outcomes;
}

/** What `migrate` would do, read without writing anything (`migrate --dry-run`): the tables it would alter, the migrations it would apply. */
export async function migrationPlan(wh: Warehouse, ctx: RunContext): Promise<{ adoptions: TableAdoption[]; pending: Array<{ id: string; statements: Statement[] }> }> {
  const adoptions = await adoptionPlan(wh, ctx);
  const t = ctx.project.config.tables;
  const recorded = (await wh.columns(`${t.framework_schema}.schema_migrations`)) !== null;
  const rows = recorded ? (await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}))).rows : [];
  const applied = appliedChecksums(rows, 'migration_id');
  refuseChanged(applied, ctx.compiled.migrations, (m) => m.id, edited);
  const pending = ctx.compiled.migrations.filter((m) => !applied.has(m.id)).map((m) => ({ id: m.id, statements: migrationStatements(ctx, m) }));
  return { adoptions, pending };
}

function migrationStatements(ctx: RunContext, m: RunContext['compiled']['migrations'][number]): Statement[] {
  return toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx);
}

/** Refuses to work on a warehouse whose tables are missing, not adopted, or behind the project's migrations. */
export async function requireMigrated(wh: Warehouse, ctx: RunContext): Promise<void> {
  const hint = `run 'backfill migrate --target ${ctx.project.targetName}' first`;
  // One query when all is well; only when it fails is what is missing looked for, to say so.
  const res = await wh.run(runnerStatement(ctx, MIGRATIONS_READY, {})).catch(async (err: unknown) => {
    throw (await whatIsMissing(wh, ctx, hint)) ?? err;
  });
  const applied = new Set(res.rows.map((r) => String(r['migration_id'])));
  const pending = ctx.compiled.migrations.filter((m) => !applied.has(m.id)).map((m) => m.id);
  if (pending.length > 0) throw new UsageError(`migrations pending (${pending.join(', ')}); ${hint}`);
}

/** Why the warehouse cannot be worked on: the migrations table or an event table missing, or one not adopted. */
async function whatIsMissing(wh: Warehouse, ctx: RunContext, hint: string): Promise<UsageError | null> {
  const t = ctx.project.config.tables;
  const table = `${t.framework_schema}.schema_migrations`;
  if ((await wh.columns(table)) === null) return new UsageError(`the warehouse is not set up (${table} is missing); ${hint}`);
  for (const kind of ['original', 'exceptions', 'exclusions'] as const) {
    if ((await wh.columns(t[kind])) === null) return new UsageError(`tables.${kind}: ${t[kind]} does not exist; ${hint} (or correct tables.${kind} in backfill.yml)`);
  }
  const [adoption] = await adoptionPlan(wh, ctx).catch(() => []);
  return adoption ? new UsageError(`${adoption.table} lacks the framework's columns ${adoption.added.join(', ')}; ${hint} (it adds them)`) : null;
}

/** What migration templates see besides `tables`: every schema the project uses, quoted. */
export function migrationContext(ctx: RunContext): object {
  const t = ctx.project.config.tables;
  const d = ctx.compiled.env.dialect;
  const qualifiers = [t.original, t.exceptions, t.exclusions].map((name) => name.split('.').slice(0, -1).join('.'));
  const schemas = [...new Set([...qualifiers, t.framework_schema, t.stage_schema])];
  // The exceptions' write-order counter sits next to them (DuckDB; see migration 0007).
  const seq = `${t.exceptions}_seq`;
  return {
    schemas: schemas.map((s) => new Sql(s.split('.').map((p) => d.quoteIdent(p)).join('.'))),
    exceptions_seq: new Sql(d.quoteTable(seq)),
    exceptions_seq_name: new Sql(d.stringLiteral(d.quoteTable(seq))),
  };
}
