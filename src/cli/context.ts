import { loadProject, type LoadedProject } from '../config/load';
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
  return compileContext(loadProjectOf(opts));
}

/** The as-of time checked and the project file read (validated), not compiled yet. */
function loadProjectOf(opts: GlobalOptions): { asOf: Date; project: LoadedProject } {
  const asOf = parseAsOf(opts.asOf);
  return { asOf, project: loadProject({ projectDir: opts.projectDir, target: opts.target, vars: opts.vars }) };
}

function compileContext({ asOf, project }: { asOf: Date; project: LoadedProject }): RunContext {
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

/**
 * Load the project, prepare, open the warehouse, run `fn`, always close: the skeleton of every command that connects.
 * Where the target's adapter allows it (`opensWhileCompiling`: a local file) and the file must exist, the opening
 * starts once the project file has loaded and goes on while the project compiles: one attempt that never waits for
 * another process's lock. The project not compiling (or `prepare` refusing) closes it unused; it failing (a lock
 * held, no file) is forgotten and the warehouse opened as always, after the compile, with what that says.
 */
export async function withWarehouse<T, P = undefined>(opts: GlobalOptions, use: WarehouseUse<P>, fn: (wh: Warehouse, ctx: RunContext, prepared: P) => Promise<T>): Promise<T> {
  const loaded = loadProjectOf(opts);
  const early = (use.ifMissing ?? 'refuse') === 'refuse' && adapterFor(loaded.project.target).opensWhileCompiling ? openEarly(loaded.project, use.session) : null;
  let ctx: RunContext;
  let prepared: P;
  try {
    ctx = compileContext(loaded);
    prepared = use.prepare ? use.prepare(ctx) : (undefined as P);
  } catch (err) {
    const wh = await early;
    await wh?.close();
    throw err;
  }
  const opened = await early;
  if (opened === null || opened === undefined) return usingWarehouse(ctx, use, (wh) => fn(wh, ctx, prepared));
  return withOpenWarehouse(async () => opened, (wh) => fn(wh, ctx, prepared));
}

/** The early attempt at opening (withWarehouse): the warehouse, or undefined when it did not open (the reason is said by the regular open). */
function openEarly(project: LoadedProject, session: string): Promise<Warehouse | undefined> {
  return openWarehouse(project, session, { waitForLock: false }).catch(() => undefined);
}
