import knex, { type Knex } from 'knex';
import type { PoolClient, QueryResult as PgResult } from 'pg';
import type { Statement } from '../../compiler/sql';
import { OperationError, UsageError, WarehouseError } from '../../errors';
import { informationSchemaColumns } from '../information-schema-columns';
import { TransactionScope } from '../transaction';
import type { AppendColumn, AppendRows, LockOptions, QueryResult, Release, Row, Warehouse } from '../warehouse';
import { describeConnection, postgresConnection, type PostgresTargetConfig } from './postgres-config';
import { postgresAdapter } from './postgres-adapter';
import { copyRows } from './postgres-copy';
import { PostgresDialect } from './postgres-dialect';

/** Values as the DuckDB target gives them: timestamps as UTC text, JSON as text, big numbers as text. */
const RAW_TEXT_TYPES = [1114, 1184, 1082, 114, 3802, 20, 1700];
const pgTypes = {
  getTypeParser: (oid: number, format?: string) => {
    if (RAW_TEXT_TYPES.includes(oid)) return (v: string) => (oid === 1184 ? v.replace(/\+00(:00)?$/, '') : v);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('pg') as typeof import('pg')).types.getTypeParser(oid, (format ?? 'text') as 'text');
  },
};

/** Advisory locks of this framework live in their own class id, away from the application's own locks. */
const LOCK_CLASS = 0x0bac;

/** PostgreSQL (and CockroachDB through knex's cockroachdb client): one pooled connection held for the session. */
export class PostgresDriver implements Warehouse {
  readonly dialect = new PostgresDialect();
  readonly adapter = postgresAdapter;
  private readonly tx = new TransactionScope({ begin: 'BEGIN', commit: 'COMMIT', rollback: 'ROLLBACK' });

  private constructor(
    private readonly db: Knex,
    private readonly conn: PoolClient,
  ) {}

  static async open(config: PostgresTargetConfig, targetName: string, session: string): Promise<PostgresDriver> {
    const connection = { ...postgresConnection(config, targetName), types: pgTypes, application_name: session.slice(0, 63) };
    const db = knex({ client: config.type === 'cockroachdb' ? 'cockroachdb' : 'pg', connection, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 10_000 });
    let conn: PoolClient;
    try {
      conn = (await db.client.acquireConnection()) as PoolClient;
    } catch (err) {
      await db.destroy();
      throw new UsageError(`--target ${targetName}: cannot connect to ${describeConnection(connection)}: ${connectMessage(err)}`);
    }
    const wh = new PostgresDriver(db, conn);
    await wh.run({ sql: "SET TIME ZONE 'UTC'", params: {} });
    // Defence in depth: literals are written to mean the same under either setting (PostgresDialect.stringLiteral).
    await wh.run({ sql: 'SET standard_conforming_strings = on', params: {} });
    return wh;
  }

  async run(stmt: Statement): Promise<QueryResult> {
    const values = Object.values(stmt.params);
    try {
      const res = (await this.conn.query(stmt.sql, values)) as PgResult | PgResult[];
      const last = Array.isArray(res) ? res[res.length - 1]! : res;
      const changed = last.command === 'SELECT' ? 0 : (last.rowCount ?? 0);
      return { rows: (last.rows ?? []) as Row[], rowsChanged: changed };
    } catch (err) {
      throw new WarehouseError(stmt.sql, values, err);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.tx.run((s) => this.run(s), fn);
  }

  /** COPY … FROM STDIN: the rows stream to the server as text, no SQL statement per row. */
  async appendRows(table: string, columns: readonly AppendColumn[], rows: AppendRows): Promise<void> {
    const quoted = this.dialect.quoteTable(table);
    try {
      await copyRows(this.conn, quoted, columns.map((c) => this.dialect.quoteIdent(c.name)), columns, rows);
    } catch (err) {
      throw new WarehouseError(`COPY ${quoted} FROM STDIN`, [], err);
    }
  }

  columns(table: string): Promise<readonly string[] | null> {
    return informationSchemaColumns((s) => this.run(s), table);
  }

  /** A session advisory lock; waits up to `waitSeconds`, then fails naming the session that holds it. */
  async lock(resource: string, opts: LockOptions): Promise<Release> {
    const deadline = Date.now() + opts.waitSeconds * 1000;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      const got = await this.run({ sql: 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', params: { cls: LOCK_CLASS, resource } });
      if (got.rows[0]?.['ok'] === true) break;
      if (Date.now() >= deadline) throw new OperationError(`${resource} is locked by ${await this.holder(resource)}; waited ${opts.waitSeconds}s, try again when it has finished`);
      await new Promise((r) => setTimeout(r, delay));
    }
    return async () => {
      await this.run({ sql: 'SELECT pg_advisory_unlock($1, hashtext($2))', params: { cls: LOCK_CLASS, resource } });
    };
  }

  private async holder(resource: string): Promise<string> {
    const res = await this.run({
      sql: `SELECT a.pid, a.application_name, a.client_addr, a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid::text::bigint = (hashtext($2)::bigint & 4294967295)`,
      params: { cls: LOCK_CLASS, resource },
    });
    const h = res.rows[0];
    return h ? `'${String(h['application_name'] || 'unknown')}' (pid ${String(h['pid'])}, since ${String(h['backend_start'])})` : 'another session';
  }

  async close(): Promise<void> {
    await this.db.client.releaseConnection(this.conn);
    await this.db.destroy();
  }
}

function connectMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused; check host and port, and that the server is running';
  if (e.code === '28P01' || /password authentication failed/i.test(e.message ?? '')) return 'password authentication failed; check the password variable';
  if (e.code === '3D000') return `${e.message}; create the database or fix the name`;
  if (e.code === 'ENOTFOUND') return 'host not found; check the host name';
  return (e.message ?? String(err)).split('\n')[0]!;
}
