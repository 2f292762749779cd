import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Statement } from '../../compiler/sql';
import { UsageError, WarehouseError } from '../../errors';
import type { QueryResult, Warehouse } from '../warehouse';
import { DuckdbDialect } from './duckdb-dialect';

/** The embedded default target: one local file, one connection, transactions on that connection. */
export class DuckdbWarehouse implements Warehouse {
  readonly dialect = new DuckdbDialect();
  private inTransaction = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(file: string, threads?: number): Promise<DuckdbWarehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, threads ? { threads: String(threads) } : {});
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(msg)) {
        throw new UsageError(`${file}: the DuckDB file is in use by another process (${msg.split('\n')[0]}); wait for it to finish`);
      }
      throw new UsageError(`${file}: cannot open the DuckDB file (${msg.split('\n')[0]})`);
    }
    const connection = await instance.connect();
    const wh = new DuckdbWarehouse(instance, connection);
    await wh.run({ sql: "SET TimeZone = 'UTC'", params: {} });
    return wh;
  }

  async run(stmt: Statement): Promise<QueryResult> {
    const values = Object.values(stmt.params);
    try {
      const reader = await this.connection.runAndReadAll(stmt.sql, values.length > 0 ? (values as never) : undefined);
      return { rows: reader.getRowObjectsJson() as QueryResult['rows'], rowsChanged: Number(reader.rowsChanged ?? 0) };
    } catch (err) {
      throw new WarehouseError(stmt.sql, values, err);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    await this.run({ sql: 'BEGIN TRANSACTION', params: {} });
    this.inTransaction = true;
    try {
      const result = await fn();
      await this.run({ sql: 'COMMIT', params: {} });
      return result;
    } catch (err) {
      await this.run({ sql: 'ROLLBACK', params: {} }).catch(() => undefined);
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  async columns(table: string): Promise<readonly string[] | null> {
    const [schema, name] = table.split('.');
    const res = await this.run({
      sql: 'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      params: { schema, name },
    });
    return res.rows.length === 0 ? null : res.rows.map((r) => String(r['column_name']));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
