/* eslint-disable @typescript-eslint/no-require-imports -- drivers load on first open, not with the CLI */
import fs from 'node:fs';
import type { Dialect } from '../compiler/dialect';
import type { LoadedProject } from '../config/load';
import type { TargetConfig } from '../config/schema';
import { UsageError } from '../errors';
import { runBy } from '../run-by';
import type { TargetAdapter } from '../compiler/target-adapter';
import { bigqueryAdapter } from './bigquery/bigquery-adapter';
import type { BigqueryTargetConfig } from './bigquery/bigquery-config';
import { BigqueryDialect } from './bigquery/bigquery-dialect';
import { duckdbAdapter } from './duckdb/duckdb-adapter';
import { duckdbPath, type DuckdbTargetConfig } from './duckdb/duckdb-config';
import { DuckdbDialect } from './duckdb/duckdb-dialect';
import { postgresAdapter } from './postgres/postgres-adapter';
import type { PostgresTargetConfig } from './postgres/postgres-config';
import { PostgresDialect } from './postgres/postgres-dialect';
import type { Warehouse } from './warehouse';

/**
 * What to do when a local warehouse file does not exist: refuse (a mistyped path must not leave empty databases
 * behind), create it (`migrate`), or read an empty in-memory database (`migrate --dry-run`: shows all it would create).
 */
export type IfMissing = 'refuse' | 'create' | 'empty';

/** How a warehouse is opened: the session's name (for the server's views) and what to do when its file is missing. */
export interface OpenOptions {
  readonly session: string;
  readonly ifMissing: IfMissing;
  /** False: one attempt, failing at once when another process holds the warehouse (vars.lock_wait_seconds otherwise). */
  readonly waitForLock?: boolean;
}

/**
 * What the registry knows of one kind of target. The dialect and the adapter are cheap and known at compile time;
 * `open` loads the driver module, and with it the target's SDK, only when a warehouse is opened: `compile` (which
 * runs anywhere, e.g. CI on untrusted branches) loads no native binding, no cloud SDK, no database client.
 */
interface TargetKind<C extends TargetConfig> {
  dialect(config: C): Dialect;
  readonly adapter: TargetAdapter;
  /** Where the target lists its jobs and sessions (BigQuery: the configured location's region views); null elsewhere. */
  jobsLocation(config: C): string | null;
  open(config: C, project: LoadedProject, opts: OpenOptions): Promise<Warehouse>;
}

const duckdb: TargetKind<DuckdbTargetConfig> = {
  dialect: () => new DuckdbDialect(),
  adapter: duckdbAdapter,
  jobsLocation: () => null,
  open: async (config, project, opts) => {
    const file = duckdbPath(config, project.dir);
    const missing = file !== ':memory:' && !fs.existsSync(file);
    if (missing && opts.ifMissing === 'refuse') {
      throw new UsageError(`${file}: no such DuckDB file; run 'backfill migrate --target ${project.targetName}' first (or fix targets.${project.targetName}.path)`);
    }
    const { DuckdbDriver } = require('./duckdb/duckdb-driver') as typeof import('./duckdb/duckdb-driver');
    return DuckdbDriver.open(missing && opts.ifMissing === 'empty' ? ':memory:' : file, { threads: config.threads, memory_limit: config.memory_limit, lockWaitSeconds: opts.waitForLock === false ? 0 : project.vars.lock_wait_seconds });
  },
};

const postgres: TargetKind<PostgresTargetConfig> = {
  dialect: () => new PostgresDialect(),
  adapter: postgresAdapter,
  jobsLocation: () => null,
  open: async (config, project, opts) => {
    const { PostgresDriver } = require('./postgres/postgres-driver') as typeof import('./postgres/postgres-driver');
    return PostgresDriver.open(config, project.targetName, `${opts.session} ${runBy()}`);
  },
};

const bigquery: TargetKind<BigqueryTargetConfig> = {
  dialect: (config) => new BigqueryDialect(config.project),
  adapter: bigqueryAdapter,
  jobsLocation: (config) => config.location,
  open: async (config, project, opts) => {
    const { BigqueryDriver } = require('./bigquery/bigquery-driver') as typeof import('./bigquery/bigquery-driver');
    return BigqueryDriver.open(config, project.targetName, opts.session);
  },
};

/** Every kind of target by its `type` in backfill.yml (CockroachDB speaks PostgreSQL's protocol and SQL). */
const TARGETS: { readonly [T in TargetConfig['type']]: TargetKind<Extract<TargetConfig, { type: T }>> } = {
  duckdb,
  postgres,
  cockroachdb: postgres,
  bigquery,
};

function kindOf<C extends TargetConfig>(target: C): TargetKind<C> {
  return TARGETS[target.type] as unknown as TargetKind<C>;
}

/** The SQL dialect of a target, without connecting (compile needs no credentials). */
export function dialectFor(target: TargetConfig): Dialect {
  return kindOf(target).dialect(target);
}

/** What a target can do, without connecting (the planner reads it at compile time). */
export function adapterFor(target: TargetConfig): TargetAdapter {
  return kindOf(target).adapter;
}

/** Where a target lists its open jobs and sessions, for the query of open writes (BigQuery's location; else null). */
export function jobsLocationFor(target: TargetConfig): string | null {
  return kindOf(target).jobsLocation(target);
}

/** Connects to the project's selected target, loading its driver on first use. */
export async function openWarehouse(project: LoadedProject, session = 'backfill', opts: { ifMissing?: IfMissing; waitForLock?: boolean } = {}): Promise<Warehouse> {
  return kindOf(project.target).open(project.target, project, { session, ifMissing: opts.ifMissing ?? 'refuse', waitForLock: opts.waitForLock });
}

/** Opens a warehouse (`open`: the project's target, or a driver directly), runs `fn` with it and always closes it. */
export async function withOpenWarehouse<W extends Warehouse, T>(open: () => Promise<W>, fn: (wh: W) => Promise<T>): Promise<T> {
  const wh = await open();
  try {
    return await fn(wh);
  } finally {
    await wh.close();
  }
}
