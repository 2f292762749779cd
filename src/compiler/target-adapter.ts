import type { Statement } from './sql';

/**
 * What a target can do, known without connecting (kysely's adapter): the runner's and the planner's strategy
 * choices, read at compile time as well as at run time. The SQL text itself (quoting, literals, types) is the
 * `Dialect`'s; how a capability is carried out (locks, dry runs, appends) is the driver's. Every target states
 * every capability, so adding one makes each target decide.
 */
export interface TargetAdapter {
  /** Whether DDL (CREATE/DROP TABLE) can run inside a transaction (DuckDB, PostgreSQL: yes; BigQuery: no). */
  readonly transactionalDdl: boolean;
  /** True when the warehouse runs on this machine and its SQL can read local files (DuckDB's read_ndjson_objects). */
  readonly readsLocalFiles: boolean;
  /**
   * Whether the target bills the bytes a statement scans (BigQuery), so dry runs report what each statement would
   * process (the driver's `estimate`) before an operation is run for real.
   */
  readonly billsBytes: boolean;
  /**
   * Whether the target has session locks (DuckDB's file, PostgreSQL advisory locks), held until the connection
   * closes: the driver's `lock`. Without them (BigQuery) the runner takes lease rows (src/ledger/locks.ts).
   */
  readonly sessionLocks: boolean;
  /**
   * Whether `migrate` creates a missing original table without being asked: a local warehouse (DuckDB), where the
   * events are loaded by hand, the demo, the tests. On a server a missing original most likely is a wrong name in
   * backfill.yml, so it is refused unless `--create-original` says otherwise.
   */
  readonly createsOriginal: boolean;
  /**
   * Whether a command may start opening the warehouse while it compiles the project (DuckDB: a local file, opened on
   * a worker thread): one attempt that never waits for another process's lock, dropped (closed) when the project
   * turns out not to compile. Never a server (PostgreSQL, BigQuery): bad input connects to nothing.
   */
  readonly opensWhileCompiling: boolean;
  /** Whether rows can be appended straight into a table (DuckDB's appender, PostgreSQL's COPY: the driver's `appendRows`), not INSERTed. */
  readonly appendsRows: boolean;
  /**
   * With `appendsRows`: whether rows can be appended into a side table inside an operation's transaction, a subset of
   * its columns with the table's defaults for the others (PostgreSQL's COPY). An import then streams its events into
   * the exceptions while the file is read (the server writes one batch while the next is read: 500,000 lines 16.3 →
   * ~7 s). DuckDB's appender fills every column of its table (a staging table then); BigQuery's load jobs are not
   * part of a transaction.
   */
  readonly appendsWithinTransaction: boolean;
  /** Whether a dry run asks what this statement of a rebuild's build would scan (the build is what reads the sources). */
  isEstimated(statement: Statement): boolean;
  /** Where a rebuild's work table goes when the target has session-private tables (DuckDB: `temp`, no WAL). */
  readonly workSchema: string | null;
  /**
   * Whether a scan filtered by OR-ed day ranges reads only those days (BigQuery prunes partitions, PostgreSQL has no
   * pruning to lose). DuckDB skips row groups for one range but not for an OR of several: it scans range by range.
   */
  readonly prunesOredRanges: boolean;
  /**
   * Whether the effective events rank only the ids delivered more than once (DuckDB, PostgreSQL: a hash anti-join is
   * cheaper than ranking every copy, and keeps the stage table in the original's day order; semantics/repeated_copy
   * says how a copy is matched with those ids). BigQuery keeps one pass over the original, as it bills every scan.
   */
  readonly ranksRepeatedCopiesOnly: boolean;
  /**
   * With `ranksRepeatedCopiesOnly`: whether the ids with an action are ranked with the repeated ones, so that the copies
   * passing through go straight into the result instead of through an anti-join with the latest actions (PostgreSQL
   * and DuckDB: one hashed test by the id's 64-bit hash per copy instead of two, one of them text-hashed; DuckDB's full
   * build at 10M: 8.6 → 8.1 s of CPU; semantics/repeated_ids).
   */
  readonly passesSingleCopiesThrough: boolean;
  /**
   * Whether a day-limited rebuild finds the side-table rows of its ids by key first and then fetches those rows by
   * row id (DuckDB: the semi-join then reads only the key column of every side-table row, not all of them: 4–5 ms of
   * a ~45 ms window build). Elsewhere there is no cheap row id, and one semi-join reads what it needs.
   */
  readonly fetchesByRowid: boolean;
  /**
   * Whether a rebuild of days inserts the model's rows straight into the cleared days, then deletes the old copies of
   * their keys, instead of building them in a work table first (DuckDB: the rows are written once, not twice; ~15 ms
   * of a ~110 ms 3-day rebuild of 2.5M rows). The columns are checked first, by the model's own SQL over an empty
   * relation of the event columns. The work table stays where DDL is outside the transaction (BigQuery) and wherever
   * the change feed compares new rows with old ones.
   */
  readonly buildsDaysInPlace: boolean;
  /**
   * Whether rebuilds keep a copy index (`backfill.copy_days`: each original row's id hash and day, maintained in the
   * rebuild's transaction) and, with no `vars.dedup_window_days`, look up there which other days hold copies of the
   * rebuilt days' ids, instead of joining every other day's ids (DuckDB: a semi-join cannot use an index, and the
   * text ids of a 10M-row original cost ~0.3 s a run). Elsewhere the copies are looked for on every other day.
   */
  readonly indexesCopies: boolean;
}

/** For targets that bill nothing: no statement is estimated. */
export const NOTHING_ESTIMATED = (_statement: Statement): boolean => false;
