import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Statement } from '../../compiler/sql';
import { OperationError, UsageError, WarehouseError } from '../../errors';
import { TransactionScope } from '../transaction';
import { appendBatches, appendMicros, type AppendColumn, type AppendRows, type QueryResult, type Release, type Warehouse } from '../warehouse';
import { duckdbAdapter } from './duckdb-adapter';
import { duckdbOptions, type DuckdbTargetConfig } from './duckdb-config';
import { DuckdbDialect } from './duckdb-dialect';

/**
 * @duckdb/node-api decodes every VARCHAR it returns with one TextDecoder made with the defaults, which drop a
 * leading U+FEFF: an id that begins with one came back without it (an import's detection then missed it). Its
 * decoder is a property of the module's exports, read at each decode, so it is replaced by one that keeps it.
 */
const dataAccessors = require('@duckdb/node-api/lib/vectors/dataAccessors') as { textDecoder: InstanceType<typeof TextDecoder> };
dataAccessors.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The embedded default target: one local file, one connection, transactions on that connection. */
export class DuckdbDriver implements Warehouse {
  readonly dialect = new DuckdbDialect();
  readonly adapter = duckdbAdapter;
  private readonly tx = new TransactionScope();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens the file with the target's `threads` / `memory_limit`; while another process holds it, retries for up to
   * `lockWaitSeconds`, then names that process.
   */
  static async open(file: string, opts: Pick<DuckdbTargetConfig, 'threads' | 'memory_limit'> & { lockWaitSeconds?: number } = {}): Promise<DuckdbDriver> {
    const deadline = Date.now() + (opts.lockWaitSeconds ?? 0) * 1000;
    let instance: DuckDBInstance | undefined;
    for (let delay = 50; !instance; delay = Math.min(delay * 2, 1000)) {
      try {
        instance = await DuckDBInstance.create(file, duckdbOptions(opts));
      } catch (err) {
        const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
        if (!/lock/i.test(msg)) throw new UsageError(`${file}: cannot open the DuckDB file (${msg})`);
        if (Date.now() >= deadline) {
          const holder = /held in (.*)$/.exec(msg)?.[1] ?? 'another process';
          throw new OperationError(`${file} is locked by ${holder}; waited ${opts.lockWaitSeconds ?? 0}s, try again when it has finished`);
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    const connection = await instance.connect();
    const wh = new DuckdbDriver(instance, connection);
    await wh.run({ sql: "SET TimeZone = 'UTC'", params: {} });
    return wh;
  }

  async run(stmt: Statement): Promise<QueryResult> {
    const values = Object.values(stmt.params);
    try {
      const reader = await this.connection.runAndReadAll(stmt.sql, values.length > 0 ? (values as never) : undefined);
      return { rows: reader.getRowObjectsJson() as QueryResult['rows'], rowsChanged: Number(reader.rowsChanged ?? 0), columns: reader.columnNames() };
    } catch (err) {
      throw new WarehouseError(stmt.sql, values, err);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.tx.run((s) => this.run(s), fn);
  }

  /** The table's columns in order, or null when it does not exist (`temp.x`: a temporary table). */
  async columns(table: string): Promise<readonly string[] | null> {
    // The names of an empty result, one round trip: a missing table (or schema) is a catalog error, which leaves an
    // open transaction usable. Faster than listing duckdb_columns(), which walks every table's columns.
    const sql = `SELECT * FROM ${this.dialect.quoteTable(table)} LIMIT 0`;
    try {
      return (await this.connection.runAndReadAll(sql)).columnNames();
    } catch (err) {
      if (/^Catalog Error: (Table|Schema) with name .* does not exist/.test(String((err as { message?: unknown } | null)?.message ?? err))) return null;
      throw new WarehouseError(sql, [], err);
    }
  }

  /** DuckDB's appender: rows go straight into the table's storage, no SQL text per row. */
  async appendRows(table: string, columns: readonly AppendColumn[], rows: AppendRows): Promise<void> {
    const [schema, name] = table.split('.');
    const appender = await this.connection.createAppender(name!, schema);
    try {
      for await (const batch of appendBatches(rows)) {
        for (const row of batch) {
          columns.forEach((c, i) => {
            const v = row[i];
            if (v === null || v === undefined) appender.appendNull();
            else if (c.type === 'timestamp') appender.appendTimestamp(new DuckDBTimestampValue(appendMicros(v)));
            else if (c.type === 'bool') appender.appendBoolean(v === true);
            else if (c.type === 'int') appender.appendBigInt(BigInt(v as number));
            else appender.appendVarchar(String(v));
          });
          appender.endRow();
        }
      }
      appender.flushSync();
    } catch (err) {
      throw new WarehouseError(`-- appender into ${table}`, [], err);
    } finally {
      appender.closeSync();
    }
  }

  /** The DuckDB file is opened by one process at a time (see `open`), so named locks have nothing to add. */
  async lock(): Promise<Release> {
    return async () => undefined;
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
