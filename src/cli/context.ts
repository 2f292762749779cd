import { loadProject } from '../config/load';
import { compileProject } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { adapterFor, dialectFor, openWarehouse, withOpenWarehouse, type IfMissing } from '../targets/registry';
import type { Warehouse } from '../targets/warehouse';
import { parseAsOf } from '../compiler/timestamps';

/** The options every command takes (SPEC §6). */
export interface GlobalOptions {
  readonly target?: string;
  readonly projectDir: string;
  readonly vars?: string;
  readonly asOf?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly debug: boolean;
}

/** Loads, validates and compiles the project for the selected target: no warehouse touched. */
export function loadContext(opts: GlobalOptions): RunContext {
  const asOf = parseAsOf(opts.asOf);
  const project = loadProject({ projectDir: opts.projectDir, target: opts.target, vars: opts.vars });
  const compiled = compileProject(project, dialectFor(project.target), adapterFor(project.target));
  return { project, compiled, asOf };
}

/** Runs `fn` with the loaded project: the wrap of commands that only compile. */
export async function withContext<T>(opts: GlobalOptions, fn: (ctx: RunContext) => T | Promise<T>): Promise<T> {
  return fn(loadContext(opts));
}

/** How a command opens the warehouse. */
export interface WarehouseUse<P> {
  /** Who opens it, as locks, leases and job labels show it: 'backfill run'. */
  readonly session: string;
  /** A local warehouse file not there yet: refused (the default), created (only `migrate`), or read empty (`migrate --dry-run`). */
  readonly ifMissing?: IfMissing;
  /**
   * Work before the warehouse opens, its result handed to `fn`: bad input is refused before any connection (and
   * before a lock or lease is taken).
   */
  readonly prepare?: (ctx: RunContext) => P;
}

/** Opens the target's warehouse, runs `fn` with it and always closes it: the one open/close in the CLI. */
export async function usingWarehouse<T>(ctx: RunContext, use: Pick<WarehouseUse<unknown>, 'session' | 'ifMissing'>, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  return withOpenWarehouse(() => openWarehouse(ctx.project, use.session, { ifMissing: use.ifMissing ?? 'refuse' }), fn);
}

/** Load the project, prepare, open the warehouse, run `fn`, always close: the skeleton of every command that connects. */
export async function withWarehouse<T, P = undefined>(opts: GlobalOptions, use: WarehouseUse<P>, fn: (wh: Warehouse, ctx: RunContext, prepared: P) => Promise<T>): Promise<T> {
  return withContext(opts, (ctx) => {
    const prepared = use.prepare ? use.prepare(ctx) : (undefined as P);
    return usingWarehouse(ctx, use, (wh) => fn(wh, ctx, prepared));
  });
}
