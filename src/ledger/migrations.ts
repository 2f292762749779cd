import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { adoptionPlan, surveyEventTables, type EventTablesSurvey, type TableAdoption } from './adopt';
import { UsageError } from '../errors';
import { ddlThenDml } from '../targets/transaction';
import type { Warehouse } from '../targets/warehouse';
import { dueBecause, migrationStates, type MigrationState } from './migration-state';
import { MIGRATIONS_READY, SCHEMA_MIGRATIONS_CREATE, SCHEMA_MIGRATIONS_LIST, SCHEMA_MIGRATIONS_RECORD } from './sql';

export interface MigrationOutcome {
  readonly id: string;
  /** `re-applied`: applied before with other SQL (tables: changed): run again, creating what the configuration now names. */
  readonly status: 'applied' | 're-applied' | 'up to date';
}

export interface MigrateOptions {
  /**
   * Whether a missing original table is created (empty). By default only where the target's adapter says so (a
   * local DuckDB file); elsewhere a missing original most likely is a wrong name in backfill.yml: `--create-original`.
   */
  readonly createOriginal?: boolean;
  readonly onAdopted?: (a: TableAdoption) => void;
  /** Told of each event table that did not exist before and does now, once the migrations are applied. */
  readonly onCreated?: (table: string) => void;
}

/** What `migrate` does, in the order it does it: adopt existing tables, then the migrations due; `created`: event tables that did not exist. */
export interface MigrationPlan {
  readonly adoptions: readonly TableAdoption[];
  readonly due: readonly MigrationState[];
  readonly upToDate: readonly MigrationState[];
  readonly created: readonly string[];
}

/**
 * Brings existing event tables to the framework's columns (src/ledger/adopt.ts), then applies the migrations due
 * (pending, or rendered differently for the configuration of today: migration-state.ts) in order, each with its
 * record in one transaction where DDL joins one. Everything is checked before anything is written: an edited
 * applied migration, an incompatible column, a missing original table that is not to be created.
 */
export async function migrate(wh: Warehouse, ctx: RunContext, opts: MigrateOptions = {}): Promise<MigrationOutcome[]> {
  const survey = await surveyEventTables(wh, ctx);
  refuseMissingOriginal(ctx, survey, opts);
  for (const s of runnerStatements(ctx, SCHEMA_MIGRATIONS_CREATE, {})) await wh.run(s);
  const plan = planOf(ctx, survey, (await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}))).rows);
  for (const a of plan.adoptions) {
    await ddlThenDml(wh, a.statements, []);
    opts.onAdopted?.(a);
  }
  for (const m of plan.due) {
    // Where DDL cannot join a transaction (BigQuery), migrations are written to be re-runnable (IF NOT EXISTS).
    const record = runnerStatement(ctx, SCHEMA_MIGRATIONS_RECORD, { migration_id: m.id, checksum: m.checksum, rendered_checksum: m.renderedChecksum, applied_at: new Date() });
    await ddlThenDml(wh, m.statements, [record]);
  }
  for (const table of plan.created) opts.onCreated?.(table);
  return ctx.compiled.migrations.map((m) => {
    const due = plan.due.find((d) => d.id === m.id);
    return { id: m.id, status: !due ? 'up to date' : due.status === 'pending' ? 'applied' : 're-applied' };
  });
}

/** What `migrate` would do, read without writing anything (`migrate --dry-run`): tables it would alter or create, migrations it would apply. */
export async function migrationPlan(wh: Warehouse, ctx: RunContext, opts: Pick<MigrateOptions, 'createOriginal'> = {}): Promise<MigrationPlan> {
  const survey = await surveyEventTables(wh, ctx);
  refuseMissingOriginal(ctx, survey, opts);
  const t = ctx.project.config.tables;
  const recorded = (await wh.columns(`${t.framework_schema}.schema_migrations`)) !== null;
  return planOf(ctx, survey, recorded ? (await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}))).rows : []);
}

function planOf(ctx: RunContext, survey: EventTablesSurvey, recorded: Parameters<typeof migrationStates>[1]): MigrationPlan {
  const states = migrationStates(ctx, recorded);
  return {
    adoptions: survey.adoptions,
    due: states.filter((s) => s.status !== 'up to date'),
    upToDate: states.filter((s) => s.status === 'up to date'),
    created: survey.missing.map((m) => m.table),
  };
}

function refuseMissingOriginal(ctx: RunContext, survey: EventTablesSurvey, opts: Pick<MigrateOptions, 'createOriginal'>): void {
  const original = survey.missing.find((m) => m.kind === 'original');
  if (!original || (opts.createOriginal ?? ctx.compiled.env.adapter.createsOriginal)) return;
  throw new UsageError(`tables.original: ${original.table} does not exist; point tables.original in backfill.yml at the table your events land in, or pass --create-original to create an empty one`);
}

/** Refuses to work on a warehouse whose tables are missing, not adopted, or behind the project's migrations. */
export async function requireMigrated(wh: Warehouse, ctx: RunContext): Promise<void> {
  // Found migrated once on this connection for this project: not asked (nor its migrations rendered) again. A run
  // asks before repairing the ledger and again as it starts; nothing but `migrate` changes the answer.
  if (migrated.get(wh) === ctx) return;
  const hint = `run 'backfill migrate --target ${ctx.project.targetName}' first`;
  // One query when all is well; only when it fails is what is missing looked for, to say so.
  const res = await wh.run(runnerStatement(ctx, MIGRATIONS_READY, {})).catch(async (err: unknown) => {
    throw (await whatIsMissing(wh, ctx, hint)) ?? err;
  });
  const due = migrationStates(ctx, res.rows).filter((s) => s.status !== 'up to date');
  if (due.length > 0) throw new UsageError(`migrations due (${due.map((s) => `${s.id}: ${dueBecause(s)}`).join('; ')}); ${hint}`);
  migrated.set(wh, ctx);
}

/** The project each open warehouse was last found migrated for (requireMigrated). */
const migrated = new WeakMap<Warehouse, RunContext>();

/** Why the warehouse cannot be worked on: the migrations table or an event table missing, or one not adopted. */
async function whatIsMissing(wh: Warehouse, ctx: RunContext, hint: string): Promise<UsageError | null> {
  const t = ctx.project.config.tables;
  const table = `${t.framework_schema}.schema_migrations`;
  const recorded = await wh.columns(table);
  if (recorded === null) return new UsageError(`the warehouse is not set up (${table} is missing); ${hint}`);
  for (const kind of ['original', 'exceptions', 'exclusions'] as const) {
    if ((await wh.columns(t[kind])) === null) return new UsageError(`tables.${kind}: ${t[kind]} does not exist; ${hint} (or correct tables.${kind} in backfill.yml)`);
  }
  if (!recorded.includes('rendered_checksum')) return new UsageError(`${table} was written by an older backfill; ${hint}`);
  const [adoption] = await adoptionPlan(wh, ctx).catch(() => []);
  return adoption ? new UsageError(`${adoption.table} lacks the framework's columns ${adoption.added.join(', ')}; ${hint} (it adds them)`) : null;
}

