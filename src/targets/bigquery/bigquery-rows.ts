/**
 * Result rows as the other targets give them, read from the REST cells (`{f: [{v}]}`) of `getQueryResults` with the
 * client's parsing skipped: `@google-cloud/bigquery` 8.x turns a TIMESTAMP into a PreciseDate, which misreads a
 * negative fraction of a second (−1 µs, `1969-12-31 23:59:59.999999`, came back as `1970-01-01 00:00:00.999999`).
 * Timestamps and datetimes become `YYYY-MM-DD HH:MM:SS[.ffffff]` UTC text, dates text, integers and floats numbers
 * (as the client gave them), booleans booleans, JSON its text, records objects, repeated fields arrays.
 */
import { formatMicros } from '../../compiler/timestamps';
import type { Row } from '../warehouse';

/** A field of a REST table schema. */
export interface RestField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly fields?: readonly RestField[];
}

interface RestRow {
  readonly f: ReadonlyArray<{ readonly v: unknown }>;
}

/** One page's rows under its schema. */
export function restRows(fields: readonly RestField[], rows: readonly unknown[]): Row[] {
  return rows.map((row) => record(fields, row as RestRow));
}

function record(fields: readonly RestField[], row: RestRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    out[field.name] = cell(field, row.f[i]?.v ?? null);
  });
  return out;
}

function cell(field: RestField, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (field.mode === 'REPEATED') return (v as ReadonlyArray<{ v: unknown }>).map((e) => scalar(field, e.v));
  return scalar(field, v);
}

function scalar(field: RestField, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case 'RECORD':
    case 'STRUCT':
      return record(field.fields ?? [], v as RestRow);
    case 'BOOL':
    case 'BOOLEAN':
      return String(v).toLowerCase() === 'true';
    case 'INT64':
    case 'INTEGER':
    case 'FLOAT':
    case 'FLOAT64':
      return Number(v);
    case 'BYTES':
      return Buffer.from(String(v), 'base64');
    case 'TIMESTAMP':
      return timestampText(String(v));
    case 'DATETIME':
      return wallText(String(v).replace('T', ' '));
    default:
      return String(v);
  }
}

/**
 * A REST timestamp — microseconds since the epoch (what the client asks for: `formatOptions.useInt64Timestamp`),
 * an ISO 8601 text, or seconds as a decimal — as UTC text, to the microsecond, by integer arithmetic.
 */
export function timestampText(raw: string): string {
  if (/^-?\d+$/.test(raw)) return microsText(BigInt(raw));
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) return wallText(raw.replace('T', ' ').replace(/(Z|[+-]00:00)$/, ''));
  return microsText(BigInt(Math.round(Number(raw) * 1e6)));
}

function microsText(us: bigint): string {
  return wallText(formatMicros(us));
}

/** `YYYY-MM-DD HH:MM:SS[.f…]` without trailing zeros of its fraction. */
function wallText(text: string): string {
  return text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
