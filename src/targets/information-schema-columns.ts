import type { Statement } from '../compiler/sql';
import type { QueryResult } from './warehouse';

/** Column names of `schema.table` from information_schema (DuckDB, PostgreSQL), or null when it does not exist. */
export async function informationSchemaColumns(exec: (s: Statement) => Promise<QueryResult>, table: string): Promise<readonly string[] | null> {
  const [schema, name] = table.split('.');
  const res = await exec({
    sql: 'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    params: { schema, name },
  });
  return res.rows.length === 0 ? null : res.rows.map((r) => String(r['column_name']));
}
