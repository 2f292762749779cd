/**
 * Partition pruning read from ZetaSQL's resolved statement, not from the SQL text: a scan of a partitioned table is
 * limited to the ranges of its partition column that the statement's filters (a WHERE, a join condition, a DML
 * WHERE, a MERGE clause's condition) bound by constants, each filter read on that very scan's column (the same
 * resolved column, by id). The BigQuery emulator picks the days it bills from those ranges (src/emulator/bigquery/bytes.ts).
 */
type Flat = { readonly kind?: string; readonly [key: string]: unknown };

/** A constant end of a range: microseconds since the epoch (a DATE: its midnight UTC; an INT64: the number). */
export interface Bound {
  readonly at: bigint;
  readonly inclusive: boolean;
}

/** Values of the partition column a scan may read: `lower ≤ x ≤ upper` (or `<`); a null end is open. */
export interface Range {
  readonly lower: Bound | null;
  readonly upper: Bound | null;
}

export interface TableScan {
  /** `dataset.table`, as the catalog names it. */
  readonly table: string;
  /** Whether the statement bounds the scan's partition column by constants on both sides. */
  readonly pruned: boolean;
  /** The scan's columns that some filter of the statement compares (how an unpruned scan is narrowed, if at all). */
  readonly filteredOn: readonly string[];
  /** The ranges of the partition column the scan is limited to (a union); null: no constant bound, every partition. */
  readonly ranges: readonly Range[] | null;
  /** The scan's columns (with the analyzer's pruneUnusedColumns: those the statement references). */
  readonly columns: readonly string[];
  /** The table an UPDATE, DELETE or MERGE modifies (its scan is the statement's own, not a FROM's). */
  readonly modified: boolean;
}

/** The resolved AST with its oneof wrappers and `parent` links folded: one object a node, `kind` its innermost type. */
export function flatten(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(flatten);
  if (x === null || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  if (typeof o['node'] === 'string') {
    const inner = flatten(o[o['node']]) as Flat;
    return { ...inner, kind: inner.kind ?? o['node'] };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'parent' && v !== null && typeof v === 'object') Object.assign(out, flatten(v));
    else if (k !== 'parseLocationRange') out[k] = flatten(v);
  }
  return out;
}

function* nodes(x: unknown): Generator<Flat> {
  if (Array.isArray(x)) for (const v of x) yield* nodes(v);
  else if (x !== null && typeof x === 'object') {
    yield x as Flat;
    for (const v of Object.values(x)) yield* nodes(v);
  }
}

const FILTERS: Readonly<Record<string, string>> = {
  resolvedFilterScanNode: 'filterExpr',
  resolvedJoinScanNode: 'joinExpr',
  resolvedDeleteStmtNode: 'whereExpr',
  resolvedUpdateStmtNode: 'whereExpr',
};
const MODIFYING = new Set(['resolvedDeleteStmtNode', 'resolvedUpdateStmtNode', 'resolvedMergeStmtNode']);

/** A 64-bit integer as the service sends it: a Long ({low, high}), a number or a string. */
function int64(v: unknown): bigint {
  if (v !== null && typeof v === 'object' && 'low' in v) {
    const { low, high } = v as { low: number; high: number };
    return (BigInt(high) << 32n) + BigInt(low >>> 0);
  }
  return BigInt(String(v ?? 0));
}

const idOf = (column: unknown): number => Number((column as { columnId?: { low?: number } } | undefined)?.columnId?.low ?? -1);

/**
 * Every table scan of a resolved statement, each with the ranges its constant filters leave on its table's partition
 * column (`partitionColumn(table)`: null when the table is not partitioned).
 */
export function allScans(resolved: unknown, partitionColumn: (table: string) => string | null): TableScan[] {
  const all = [...nodes(flatten(resolved))];
  // A DML statement's own table scan is typed in the proto (no oneof wrapper, so no kind): told by its shape. An
  // INSERT's is the table written, not read.
  const isScan = (n: Flat): boolean => n.kind === 'resolvedTableScanNode' || (n.kind === undefined && 'columnIndexList' in n && typeof (n['table'] as Flat | undefined)?.['fullName'] === 'string');
  const written = new Set(all.filter((n) => n.kind === 'resolvedInsertStmtNode').map((n) => n['tableScan']));
  const modified = new Set(all.filter((n) => MODIFYING.has(String(n.kind))).map((n) => n['tableScan']));
  // Each filter with the scans under the node holding it (a DML WHERE: the statement's own scan), which a constant
  // FALSE empties; a bound on a column holds wherever the filter is (column ids name one scan each).
  const owned: Array<{ expr: unknown; covers: ReadonlySet<unknown> }> = [];
  for (const n of all.filter((x) => x.kind !== undefined && x.kind in FILTERS)) {
    owned.push({ expr: n[FILTERS[n.kind!]!], covers: MODIFYING.has(n.kind!) ? new Set([n['tableScan']]) : new Set([...nodes(n)].filter(isScan)) });
  }
  // A MERGE's WHEN clauses are typed in the proto too (no kind): their conditions bound the target's scan.
  for (const m of all.filter((n) => n.kind === 'resolvedMergeStmtNode')) for (const w of (m['whenClauseList'] ?? []) as Flat[]) owned.push({ expr: w['matchExpr'], covers: new Set([m['tableScan']]) });
  const filters = owned.map((o) => o.expr);
  return all.filter((n) => isScan(n) && !written.has(n)).map((scan) => {
    const table = String((scan['table'] as Flat)['fullName']);
    const columnList = (scan['columnList'] ?? []) as Flat[];
    const names = new Map(columnList.map((c) => [idOf(c), String(c['name'])]));
    const filteredOn = new Set<string>();
    for (const f of filters) for (const n of nodes(f)) if (n.kind === 'resolvedColumnRefNode' && names.has(idOf(n['column']))) filteredOn.add(names.get(idOf(n['column']))!);
    const partition = partitionColumn(table)?.toLowerCase();
    const col = partition === undefined ? undefined : columnList.find((c) => String(c['name']).toLowerCase() === partition);
    const id = col ? idOf(col) : -1;
    const ranges = owned.reduce<Range[]>((acc, o) => (o.covers.has(scan) || (id >= 0 && refersTo(o.expr, id)) ? intersect(acc, rangesOf(o.expr, id)) : acc), [OPEN]);
    const bounded = ranges.every((r) => r.lower !== null || r.upper !== null);
    return {
      table, filteredOn: [...filteredOn].sort(), columns: [...names.values()], modified: modified.has(scan),
      pruned: ranges.every((r) => r.lower !== null && r.upper !== null), ranges: bounded ? ranges : null,
    };
  });
}

/** Every scan of the given tables (`dataset.table`, lower case) in a resolved statement, pruned or not on `column`. */
export function tableScans(resolved: unknown, tables: ReadonlySet<string>, column = 'event_created_at'): TableScan[] {
  return allScans(resolved, () => column).filter((s) => tables.has(s.table.toLowerCase()));
}

const OPEN: Range = { lower: null, upper: null };

const refersTo = (expr: unknown, id: number): boolean => [...nodes(expr)].some((n) => n.kind === 'resolvedColumnRefNode' && idOf(n['column']) === id);

/** The greater of two lower ends (or the smaller of two upper ends, `upper`): on equal values the exclusive one. */
function tighter(a: Bound | null, b: Bound | null, upper: boolean): Bound | null {
  if (!a || !b) return a ?? b;
  if (a.at === b.at) return { at: a.at, inclusive: a.inclusive && b.inclusive };
  return (a.at > b.at) !== upper ? a : b;
}

function isEmpty(r: Range): boolean {
  if (!r.lower || !r.upper) return false;
  return r.lower.at > r.upper.at || (r.lower.at === r.upper.at && !(r.lower.inclusive && r.upper.inclusive));
}

/** Both sets at once (AND): each pair's overlap, empty overlaps dropped. */
function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) for (const y of b) {
    const r = { lower: tighter(x.lower, y.lower, false), upper: tighter(x.upper, y.upper, true) };
    if (!isEmpty(r)) out.push(r);
  }
  return out;
}

/** A literal as a point on the partition column's axis (TIMESTAMP, DATE or INT64); null for any other type. */
function pointOf(e: Flat | undefined): bigint | null {
  if (e?.kind !== 'resolvedLiteralNode') return null;
  const v = ((e['value'] as Flat | undefined)?.['value'] ?? {}) as Flat;
  const ts = v['timestampValue'] as { seconds?: unknown; nanos?: number } | null | undefined;
  if (ts) return int64(ts.seconds) * 1_000_000n + BigInt(Math.trunc((ts.nanos ?? 0) / 1000));
  if (v['dateValue'] !== undefined && v['dateValue'] !== null) return BigInt(Number(v['dateValue'])) * 86_400_000_000n;
  if (v['int64Value'] !== undefined && v['int64Value'] !== null) return int64(v['int64Value']);
  return null;
}

const FLIP: Readonly<Record<string, string>> = { $less: '$greater', $less_or_equal: '$greater_or_equal', $greater: '$less', $greater_or_equal: '$less_or_equal' };

/** The ranges an expression leaves column `id` in (AND: their overlap; OR: their union; anything else: all of it). */
function rangesOf(expr: unknown, id: number): Range[] {
  const e = expr as Flat;
  // WHERE FALSE (a column-type probe): BigQuery reads nothing.
  const literal = ((e?.kind === 'resolvedLiteralNode' ? e['value'] : null) as Flat | null)?.['value'] as Flat | undefined;
  if (literal?.['value'] === 'boolValue' && literal['boolValue'] === false) return [];
  if (e?.kind !== 'resolvedFunctionCallNode') return [OPEN];
  const fn = String((e['function'] as Flat | undefined)?.['name'] ?? '').replace(/^ZetaSQL:/, '');
  const args = (e['argumentList'] ?? []) as Flat[];
  if (fn === '$and') return args.reduce<Range[]>((acc, a) => intersect(acc, rangesOf(a, id)), [OPEN]);
  if (fn === '$or') return args.flatMap((a) => rangesOf(a, id));
  const isCol = (a: Flat | undefined): boolean => a?.kind === 'resolvedColumnRefNode' && idOf(a['column']) === id;
  const point = (at: bigint | null, inclusive = true): Bound | null => (at === null ? null : { at, inclusive });
  const points = args.slice(1).map(pointOf);
  if (!isCol(args[0]) && !isCol(args[1])) return [OPEN];
  if (fn === '$between' && isCol(args[0]) && points.length === 2 && !points.includes(null)) return [{ lower: point(points[0]!), upper: point(points[1]!) }];
  if ((fn === '$equal' || fn === '$in') && isCol(args[0]) && points.length > 0 && !points.includes(null)) return points.map((p) => ({ lower: point(p), upper: point(p) }));
  const [l, r] = args;
  const op = isCol(l) ? fn : FLIP[fn];
  const at = pointOf(isCol(l) ? r : l);
  if (at === null || op === undefined) return [OPEN];
  if (op === '$greater' || op === '$greater_or_equal') return [{ lower: point(at, op === '$greater_or_equal'), upper: null }];
  if (op === '$less' || op === '$less_or_equal') return [{ lower: null, upper: point(at, op === '$less_or_equal') }];
  return [OPEN];
}
