/** A DuckDB or PostgreSQL project with a way to run SQL on its warehouse directly (tables made by hand, as a team has them). */
import { Client } from 'pg';
import { query } from './cli';
import { freshPgDatabase, makeProjectDir } from './project';
import type { Row } from '../../src/targets/warehouse';

export type Kind = 'duckdb' | 'postgres';
export const TYPES: Record<Kind, { s: string; ts: string; json: string; bool: string; cast: (j: string) => string; text: (c: string) => string }> = {
  duckdb: { s: 'VARCHAR', ts: 'TIMESTAMP', json: 'JSON', bool: 'BOOLEAN', cast: (j) => `CAST('${j}' AS JSON)`, text: (c) => `CAST(${c} AS VARCHAR)` },
  postgres: { s: 'text', ts: 'timestamptz', json: 'jsonb', bool: 'boolean', cast: (j) => `'${j}'::jsonb`, text: (c) => `${c}::text` },
};

export interface Warehouse {
  dir: string;
  sql(text: string): Promise<Row[]>;
  close(): Promise<void>;
}

export async function warehouse(k: Kind): Promise<Warehouse> {
  if (k === 'duckdb') {
    const dir = makeProjectDir();
    return { dir, sql: (text) => query(dir, text), close: async () => undefined };
  }
  const [env, drop] = await freshPgDatabase();
  const dir = makeProjectDir({ pgUrlEnv: env });
  const sql = async (text: string): Promise<Row[]> => {
    const c = new Client({ connectionString: process.env[env] });
    await c.connect();
    try {
      return (await c.query(text)).rows as Row[];
    } finally {
      await c.end();
    }
  };
  return { dir, sql, close: drop };
}

/** A table's columns in table order (information_schema). */
export const columnsOf = (w: Warehouse, table: string): Promise<string[]> =>
  w
    .sql(`SELECT column_name FROM information_schema.columns WHERE table_schema = '${table.split('.')[0]}' AND table_name = '${table.split('.')[1]}' ORDER BY ordinal_position`)
    .then((rows) => rows.map((r) => String(r['column_name'])));
