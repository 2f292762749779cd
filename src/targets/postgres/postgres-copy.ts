/** Rows into a PostgreSQL table by `COPY … FROM STDIN` (pg-copy-streams): text format, one write per chunk of rows. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { appendBatches, type AppendColumn, type AppendRows } from '../warehouse';

/** Rows per chunk handed to the stream: big enough that the per-write cost vanishes, small enough to stay in cache. */
const CHUNK_ROWS = 2000;

/** COPY's text format: backslash, tab, newline and carriage return escaped; NULL is `\N`. */
function text(v: string): string {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A timestamp (Date, or bigint microseconds since 1970 UTC) as timestamptz text, to the microsecond. */
export function copyTimestamp(v: Date | bigint): string {
  const micros = typeof v === 'bigint' ? v : BigInt(v.getTime()) * 1000n;
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const sub = Number(micros - ms * 1000n);
  const d = new Date(Number(ms));
  const frac = pad(d.getUTCMilliseconds() * 1000 + sub, 6);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac}+00`;
}

function cell(c: AppendColumn, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (c.type === 'timestamp') return typeof v === 'object' && !(v instanceof Date) ? `${(v as { readonly text: string }).text}+00` : copyTimestamp(v as Date | bigint);
  if (c.type === 'bool') return v === true ? 't' : 'f';
  if (c.type === 'int') return String(v);
  return text(String(v));
}

async function* chunks(columns: readonly AppendColumn[], rows: AppendRows): AsyncGenerator<string> {
  for await (const batch of appendBatches(rows)) {
    for (let i = 0; i < batch.length; i += CHUNK_ROWS) {
      let out = '';
      for (let r = i; r < Math.min(i + CHUNK_ROWS, batch.length); r++) {
        const row = batch[r]!;
        for (let j = 0; j < columns.length; j++) out += j === 0 ? cell(columns[0]!, row[0]) : `\t${cell(columns[j]!, row[j])}`;
        out += '\n';
      }
      yield out;
    }
  }
}

/**
 * Streams `rows` into `quotedTable` (its `quotedColumns`) on the session's connection, batches as they come (the
 * server takes one while the next is made); resolves when the server has them all.
 */
export async function copyRows(conn: PoolClient, quotedTable: string, quotedColumns: readonly string[], columns: readonly AppendColumn[], rows: AppendRows): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the driver, only where rows are copied
  const { from } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  const sink = conn.query(from(`COPY ${quotedTable} (${quotedColumns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(columns, rows)), sink);
}
