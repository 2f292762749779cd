import path from 'node:path';
import { compileProject } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { parseAsOf } from '../compiler/timestamps';
import { loadProject, PROJECT_FILE, type LoadedProject, type LoadOptions } from '../config/load';
import { firstLine, UsageError } from '../errors';
import { dueBecause, migrationStates, type MigrationState } from '../ledger/migration-state';
import { SCHEMA_MIGRATIONS_LIST } from '../ledger/sql';
import { adapterFor, dialectFor } from '../targets/registry';
import type { Warehouse } from '../targets/warehouse';

/** One line of `backfill debug`: a check, its outcome, and what was found (never a secret's value). */
export interface DebugCheck {
  readonly check: string;
  /** `skip`: not tried, because a check it needs failed. */
  readonly status: 'ok' | 'fail' | 'skip';
  readonly detail: string;
}

/** Opens the project's warehouse (read-only use: never creates a DuckDB file), runs `fn`, always closes it. */
export type Connect = <T>(ctx: RunContext, fn: (wh: Warehouse) => Promise<T>) => Promise<T>;

export interface DebugOptions extends LoadOptions {
  readonly asOf?: string;
}

const ok = (check: string, detail: string): DebugCheck => ({ check, status: 'ok', detail });
const fail = (check: string, detail: string): DebugCheck => ({ check, status: 'fail', detail });
const skipped = (checks: readonly string[], why: string): DebugCheck[] => checks.map((check) => ({ check, status: 'skip', detail: why }));
const TABLE_CHECKS = ['table original', 'table exceptions', 'table exclusions', 'table schema_migrations'];
const WAREHOUSE_CHECKS = ['connection opens', ...TABLE_CHECKS, 'migrations applied'];

/**
 * The checks of `backfill debug`, in order: the project file loads, the target is selected, the project compiles,
 * the credentials' variables are set, the connection opens, the tables exist, no migration is pending. A check
 * that fails makes those that need it `skip`. Reads only: nothing is created or written.
 */
export async function debugChecks(opts: DebugOptions, connect: Connect, env: NodeJS.ProcessEnv = process.env): Promise<DebugCheck[]> {
  const checks: DebugCheck[] = [];
  const file = path.join(path.resolve(opts.projectDir), PROJECT_FILE);
  const attempt = <T>(check: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      checks.push(fail(check, firstLine(err)));
      return undefined;
    }
  };
  const loaded = attempt('project file loads', () => loadProject({ projectDir: opts.projectDir, vars: opts.vars }));
  if (!loaded) return [...checks, ...skipped(['target selected', 'project compiles', 'credentials found', ...WAREHOUSE_CHECKS], 'the project file did not load')];
  checks.push(ok('project file loads', `${file} (project ${loaded.config.name})`));
  const project = attempt('target selected', () => loadProject(opts));
  if (!project) return [...checks, ...skipped(['project compiles', 'credentials found', ...WAREHOUSE_CHECKS], 'no target selected')];
  checks.push(ok('target selected', `${project.targetName} (type ${project.target.type})`));
  const ctx = attempt('project compiles', (): RunContext => {
    const compiled = compileProject(project, dialectFor(project.target), adapterFor(project.target));
    return { project, compiled, asOf: parseAsOf(opts.asOf) };
  });
  if (ctx) checks.push(ok('project compiles', `${ctx.compiled.models.size} models, ${ctx.compiled.migrations.length} migrations`));
  const credentials = credentialsCheck(project, env);
  checks.push(credentials);
  if (!ctx || credentials.status === 'fail') return [...checks, ...skipped(WAREHOUSE_CHECKS, ctx ? 'credentials missing' : 'the project did not compile')];
  return [...checks, ...(await warehouseChecks(ctx, connect))];
}

/** Every `*_env` setting of the target names a variable that must be set; only the names are shown. */
function credentialsCheck(project: LoadedProject, env: NodeJS.ProcessEnv): DebugCheck {
  const named = Object.entries(project.target).filter(([key, v]) => key.endsWith('_env') && typeof v === 'string') as Array<[string, string]>;
  if (named.length === 0) return ok('credentials found', `none needed by targets.${project.targetName} (no *_env setting)`);
  const missing = named.filter(([, v]) => !env[v]);
  if (missing.length > 0) {
    return fail('credentials found', missing.map(([k, v]) => `${v} (targets.${project.targetName}.${k}) is not set; export it`).join('; '));
  }
  return ok('credentials found', named.map(([k, v]) => `${v} is set (${k})`).join(', '));
}

/** Connection, tables and migrations: one connection, reads only. */
async function warehouseChecks(ctx: RunContext, connect: Connect): Promise<DebugCheck[]> {
  let opened = false;
  try {
    return await connect(ctx, async (wh) => {
      opened = true;
      const tables = await tableChecks(wh, ctx);
      return [ok('connection opens', `target ${ctx.project.targetName}`), ...tables, await migrationsCheck(wh, ctx)];
    });
  } catch (err) {
    if (opened) return [ok('connection opens', `target ${ctx.project.targetName}`), fail('tables present', firstLine(err)), ...skipped(['migrations applied'], 'the tables could not be read')];
    return [fail('connection opens', firstLine(err)), ...skipped([...TABLE_CHECKS, 'migrations applied'], 'no connection')];
  }
}

/** One line per table the framework needs: original, exceptions, exclusions and the migration record. */
async function tableChecks(wh: Warehouse, ctx: RunContext): Promise<DebugCheck[]> {
  const t = ctx.project.config.tables;
  const wanted: Array<[string, string]> = [['original', t.original], ['exceptions', t.exceptions], ['exclusions', t.exclusions], ['schema_migrations', `${t.framework_schema}.schema_migrations`]];
  const out: DebugCheck[] = [];
  for (const [role, table] of wanted) {
    const columns = await wh.columns(table);
    out.push(columns === null ? fail(`table ${role}`, `${table} is missing; run 'backfill migrate --target ${ctx.project.targetName}'`) : ok(`table ${role}`, `${table} (${columns.length} columns)`));
  }
  return out;
}

/** None pending, none edited since applied, each applied with what it renders for this configuration. */
async function migrationsCheck(wh: Warehouse, ctx: RunContext): Promise<DebugCheck> {
  const table = `${ctx.project.config.tables.framework_schema}.schema_migrations`;
  const hint = `run 'backfill migrate --target ${ctx.project.targetName}'`;
  if ((await wh.columns(table)) === null) return fail('migrations applied', `${table} is missing; ${hint}`);
  const recorded = (await wh.run(runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}))).rows;
  let states: MigrationState[];
  try {
    states = migrationStates(ctx, recorded);
  } catch (err) {
    if (err instanceof UsageError) return fail('migrations applied', err.message);
    throw err;
  }
  const pending = states.filter((s) => s.status === 'pending').map((s) => s.id);
  if (pending.length > 0) return fail('migrations applied', `${pending.length} pending (${pending.join(', ')}); ${hint}`);
  const reconfigured = states.filter((s) => s.status === 'reconfigured');
  if (reconfigured.length > 0) return fail('migrations applied', `${reconfigured.length} to re-apply (${reconfigured.map((s) => s.id).join(', ')}): ${dueBecause(reconfigured[0]!)}; ${hint}`);
  return ok('migrations applied', `${states.length} applied, none pending`);
}
