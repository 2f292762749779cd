import type { Dialect } from '../compiler/dialect';
import type { TargetAdapter } from '../compiler/target-adapter';
import type { Statement } from '../compiler/sql';

/** Rows as JSON-friendly objects (timestamps as strings, big integers as strings or numbers). */
export type Row = Readonly<Record<string, unknown>>;

export interface QueryResult {
  readonly rows: readonly Row[];
  /** Rows inserted, updated or deleted by the statement (0 for queries). */
  readonly rowsChanged: number;
  /** The result's column names, where the target reports them for an empty result too (DuckDB). */
  readonly columns?: readonly string[];
}

/** The seam between the runner and a target: compiled statements in, rows out. One folder per target. */
export interface Warehouse {
  readonly dialect: Dialect;
  /** What the target can do (transactional DDL, local files, …), the same object compile reads. */
  readonly adapter: TargetAdapter;
  /** Runs one statement; failures are WarehouseError carrying the SQL, parameters and cause. */
  run(statement: Statement): Promise<QueryResult>;
  /** Runs `fn` in one transaction: everything it ran is committed, or nothing is. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Takes a named lock (e.g. `model:card_shipped`) so two processes cannot interleave on the same tables; waits
   * up to `waitSeconds`, then fails (exit 1) naming the holder. Returns the release function. Present exactly where
   * the adapter states `sessionLocks`; elsewhere the runner takes a lease row (src/ledger/locks.ts).
   */
  lock?(resource: string, opts: LockOptions): Promise<Release>;
  /** Whether a transaction is open on this connection (targets that report it: BigQuery). */
  inTransaction?(): boolean;
  /** Bytes a statement would process, without running it (BigQuery dry-run jobs); present where the adapter `billsBytes`. */
  estimate?(statement: Statement): Promise<number>;
  /** Labels for the following jobs, naming the operation or model (BigQuery job labels). */
  setLabels?(labels: Readonly<Record<string, string>>): void;
  /**
   * Appends rows straight into a table (DuckDB's appender, PostgreSQL's COPY); present where the adapter
   * `appendsRows`, else INSERTs. The rows may come in batches as they are made (PostgreSQL streams them meanwhile).
   */
  appendRows?(table: string, columns: readonly AppendColumn[], rows: AppendRows): Promise<void>;
  /** Column names of a table in order, or null when it does not exist. */
  columns(table: string): Promise<readonly string[] | null>;
  close(): Promise<void>;
}

/** A column of an appended row: strings, timestamps (Date) or booleans; null anywhere. */
export interface AppendColumn {
  readonly name: string;
  /**
   * A timestamp value is a Date, a bigint of microseconds since 1970-01-01 UTC, or a read timestamp (`Instant`: its
   * microseconds and its UTC text, which a driver writing text uses as it is).
   */
  readonly type: 'string' | 'timestamp' | 'bool' | 'int';
}

/** An appended timestamp (see AppendColumn) as microseconds since 1970-01-01 UTC. */
export function appendMicros(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Date) return BigInt(v.getTime()) * 1000n;
  return (v as { readonly micros: bigint }).micros;
}

/** Rows to append: all of them, or batches of them as they are made. */
export type AppendRows = ReadonlyArray<readonly unknown[]> | AsyncIterable<ReadonlyArray<readonly unknown[]>>;

/** The batches of `rows` (all of them as one batch when they are an array). */
export async function* appendBatches(rows: AppendRows): AsyncGenerator<ReadonlyArray<readonly unknown[]>> {
  if (Array.isArray(rows)) yield rows as ReadonlyArray<readonly unknown[]>;
  else yield* rows as AsyncIterable<ReadonlyArray<readonly unknown[]>>;
}

export interface LockOptions {
  readonly waitSeconds: number;
}

export type Release = () => Promise<void>;

export function statement(sql: string, params: Record<string, unknown> = {}): Statement {
  return { sql, params };
}

/** Runs statements one after another, in order (not in a transaction of their own). */
export async function runAll(wh: Warehouse, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await wh.run(s);
}

/**
 * The driver's method for a capability its adapter states (`sessionLocks`: lock, `billsBytes`: estimate,
 * `appendsRows`: appendRows). Callers branch on the adapter first; a driver without the method is a bug, named here.
 */
export function driverMethod<K extends 'lock' | 'estimate' | 'appendRows'>(wh: Warehouse, name: K): NonNullable<Warehouse[K]> {
  const method = wh[name] as ((...args: never[]) => unknown) | undefined;
  if (method === undefined) throw new Error(`the target's adapter states ${name}, but its driver has no ${name}()`);
  return method.bind(wh) as NonNullable<Warehouse[K]>;
}
