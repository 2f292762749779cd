/**
 * Bytes as BigQuery's on-demand pricing counts them. From https://cloud.google.com/bigquery/pricing, "Data size
 * calculation" (the table on that page):
 *   INT64/INTEGER 8 bytes · FLOAT64/FLOAT 8 bytes · NUMERIC 16 bytes · BIGNUMERIC 32 bytes · BOOL/BOOLEAN 1 byte ·
 *   STRING 2 bytes + the UTF-8 encoded string size · BYTES 2 bytes + the number of bytes in the value ·
 *   DATE 8 bytes · DATETIME 8 bytes · TIME 8 bytes · TIMESTAMP 8 bytes · INTERVAL 16 bytes ·
 *   GEOGRAPHY 16 bytes + 24 bytes * the number of vertices in the geography type ·
 *   JSON the number of logical bytes in UTF-8 encoding of the JSON-formatted string equivalent after canonicalization.
 *   "Null values for any data type are calculated as 0 bytes." "A repeated column is stored as an array, and the
 *   size is calculated based on the number of values" (an ARRAY<INT64> of 4 entries: 32 bytes); a STRUCT is the sum
 *   of its fields.
 * And "On-demand (per TiB) query pricing": "Charges are rounded up to the nearest MB, with a minimum 10 MB data
 * processed per table referenced by the query, and with a minimum 10 MB data processed per query." Queries of
 * partitioned tables are charged for the partitions scanned; UPDATE, DELETE and MERGE "+ the sum of bytes for all
 * columns in the updated [modified, …] or scanned partitions for the table being updated" (DML pricing).
 */
import type { TypeProto } from '../../zetasql/types';
import { allScans, type Range, type TableScan } from '../../zetasql/pruning';
import type { Table } from './store';
import { isNull, kindOf, micros, type Value } from './values';

const FIXED: Readonly<Record<string, number>> = {
  INT64: 8, INT32: 8, UINT32: 8, UINT64: 8, DOUBLE: 8, FLOAT: 8, DATE: 8, DATETIME: 8, TIME: 8, TIMESTAMP: 8,
  NUMERIC: 16, BIGNUMERIC: 32, BOOL: 1, INTERVAL: 16, GEOGRAPHY: 16,
};

const utf8 = (s: unknown): number => Buffer.byteLength(String(s ?? ''), 'utf8');

/** One value's size (0 for NULL). */
export function valueBytes(v: Value | undefined, t: TypeProto): number {
  if (!v || isNull(v)) return 0;
  const k = kindOf(t);
  switch (k) {
    case 'STRING': return 2 + utf8(v['stringValue']);
    case 'BYTES': {
      const b = v['bytesValue'];
      return 2 + (Buffer.isBuffer(b) || b instanceof Uint8Array ? b.length : Buffer.from(String(b ?? ''), 'base64').length);
    }
    // The text the evaluator keeps is its own serialization of the value (no insignificant whitespace).
    case 'JSON': return utf8(v['jsonValue']);
    case 'ARRAY': return ((v['arrayValue'] as { element?: Value[] } | undefined)?.element ?? []).reduce((n, e) => n + valueBytes(e, t.arrayType!.elementType), 0);
    case 'STRUCT': return ((v['structValue'] as { field?: Value[] } | undefined)?.field ?? []).reduce((n, f, i) => n + valueBytes(f, t.structType!.field[i]!.fieldType), 0);
    default: return FIXED[k] ?? 8;
  }
}

const DAY_US = 86_400_000_000n;

/** Whether the day partition starting at `day` (microseconds) overlaps one of the ranges. */
function dayKept(day: bigint, ranges: readonly Range[]): boolean {
  const end = day + DAY_US;
  return ranges.some((r) => (!r.lower || r.lower.at < end) && (!r.upper || r.upper.at > day || (r.upper.inclusive && r.upper.at === day)));
}

/** The rows of a table in the partitions a scan reads: a day-partitioned table's kept days, else all of them. */
function rowsRead(table: Table, ranges: readonly Range[] | null): Table['rows'] {
  if (ranges !== null && ranges.length === 0) return [];
  const at = table.partitionBy === null ? -1 : table.columns.findIndex((c) => c.name.toLowerCase() === table.partitionBy!.toLowerCase());
  if (ranges === null || at < 0) return table.rows;
  const kind = kindOf(table.columns[at]!.type);
  const kept = new Map<bigint, boolean>();
  return table.rows.filter((r) => {
    const cell = r.cells[at];
    // NULL partition values sit in the __NULL__ partition, which no bounded filter keeps.
    if (!cell || isNull(cell)) return false;
    const point = kind === 'DATE' ? BigInt(Number(cell['dateValue'])) * DAY_US : kind === 'TIMESTAMP' ? micros(cell) : null;
    if (point === null) return true;
    const day = point - (((point % DAY_US) + DAY_US) % DAY_US);
    if (!kept.has(day)) kept.set(day, dayKept(day, ranges));
    return kept.get(day)!;
  });
}

/** One scan's bytes: its columns (every column of a table modified) over the rows of the partitions it reads. */
export function scanBytes(table: Table, scan: Pick<TableScan, 'ranges' | 'columns' | 'modified'>): number {
  const wanted = new Set(scan.columns.map((c) => c.toLowerCase()));
  const columns = table.columns.map((c, i) => ({ type: c.type, i })).filter((_, i) => scan.modified || wanted.has(table.columns[i]!.name.toLowerCase()));
  let n = 0;
  for (const row of rowsRead(table, scan.ranges)) for (const c of columns) n += valueBytes(row.cells[c.i], c.type);
  return n;
}

/** What one statement processes and bills (statements that read no table, DDL, INSERT … VALUES, are free), and per scan. */
export interface StatementBytes {
  readonly processed: number;
  readonly billed: number;
  /** Each table scan's bytes; `partitions`: whether constant filters limited it to some partitions. */
  readonly scans: ReadonlyArray<{ readonly table: string; readonly bytes: number; readonly partitions: boolean }>;
}

const MB = 1024 * 1024;
const MIN_BILLED = 10 * MB;
const BILLED_KINDS = new Set([
  'resolvedQueryStmtNode', 'resolvedInsertStmtNode', 'resolvedUpdateStmtNode', 'resolvedDeleteStmtNode', 'resolvedMergeStmtNode',
  'resolvedCreateTableAsSelectStmtNode',
]);

/** The bytes of a resolved statement over the tables `lookup` finds by the catalog's name (`dataset.table`). */
export function statementBytes(kind: string, resolved: unknown, lookup: (fullName: string) => Table | undefined): StatementBytes {
  if (!BILLED_KINDS.has(kind)) return { processed: 0, billed: 0, scans: [] };
  const perTable = new Map<Table, number>();
  const scans: Array<StatementBytes['scans'][number]> = [];
  for (const scan of allScans(resolved, (name) => lookup(name)?.partitionBy ?? null)) {
    const table = lookup(scan.table);
    if (!table) continue;
    const bytes = scanBytes(table, scan);
    scans.push({ table: scan.table, bytes, partitions: scan.ranges !== null && table.partitionBy !== null });
    perTable.set(table, (perTable.get(table) ?? 0) + bytes);
  }
  const processed = scans.reduce((a, s) => a + s.bytes, 0);
  if (perTable.size === 0) return { processed, billed: 0, scans };
  const billed = [...perTable.values()].reduce((a, b) => a + Math.max(MIN_BILLED, Math.ceil(b / MB) * MB), 0);
  return { processed, billed: Math.max(MIN_BILLED, billed), scans };
}
