/**
 * Partition pruning read from ZetaSQL's resolved statement, not from the SQL text: a scan of a partitioned table is
 * pruned when some filter of the statement (a WHERE, a join condition, a DML WHERE, a MERGE clause's condition)
 * bounds that very scan's partition column (the same resolved column, by id) from below and from above by constants.
 */
type Flat = { readonly kind?: string; readonly [key: string]: unknown };

export interface TableScan {
  /** `dataset.table`, as the catalog names it. */
  readonly table: string;
  /** Whether the statement bounds the scan's partition column by constants on both sides. */
  readonly pruned: boolean;
  /** The scan's columns that some filter of the statement compares (how an unpruned scan is narrowed, if at all). */
  readonly filteredOn: readonly string[];
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

const idOf = (column: unknown): number => Number((column as { columnId?: { low?: number } } | undefined)?.columnId?.low ?? -1);

/** Every scan of the given tables (`dataset.table`, lower case) in a resolved statement, pruned or not on `column`. */
export function tableScans(resolved: unknown, tables: ReadonlySet<string>, column = 'event_created_at'): TableScan[] {
  const root = flatten(resolved);
  const all = [...nodes(root)];
  const filters = all.filter((n) => n.kind !== undefined && n.kind in FILTERS).map((n) => n[FILTERS[n.kind!]!]);
  // A MERGE's WHEN clauses are typed in the proto too (no kind): their conditions bound the target's scan.
  for (const m of all.filter((n) => n.kind === 'resolvedMergeStmtNode')) for (const w of (m['whenClauseList'] ?? []) as Flat[]) filters.push(w['matchExpr']);
  // A DML statement's own table scan is typed in the proto (no oneof wrapper, so no kind): told by its shape. An
  // INSERT's is the table written, not read.
  const written = new Set(all.filter((n) => n.kind === 'resolvedInsertStmtNode').map((n) => n['tableScan']));
  const isScan = (n: Flat): boolean => n.kind === 'resolvedTableScanNode' || (n.kind === undefined && 'columnIndexList' in n && typeof (n['table'] as Flat | undefined)?.['fullName'] === 'string');
  const scans = all.filter((n) => isScan(n) && !written.has(n) && tables.has(String((n['table'] as Flat | undefined)?.['fullName'] ?? '').toLowerCase()));
  return scans.map((scan) => {
    const col = ((scan['columnList'] ?? []) as Flat[]).find((c) => String(c['name']).toLowerCase() === column);
    const id = col ? idOf(col) : -1;
    const pruned = id >= 0 && filters.some((f) => {
      const b = bounds(f, id);
      return b.lower && b.upper;
    });
    const names = new Map(((scan['columnList'] ?? []) as Flat[]).map((c) => [idOf(c), String(c['name'])]));
    const filteredOn = new Set<string>();
    for (const f of filters) for (const n of nodes(f)) if (n.kind === 'resolvedColumnRefNode' && names.has(idOf(n['column']))) filteredOn.add(names.get(idOf(n['column']))!);
    return { table: String((scan['table'] as Flat)['fullName']), pruned, filteredOn: [...filteredOn].sort() };
  });
}

type Bounds = { lower: boolean; upper: boolean };
const NONE: Bounds = { lower: false, upper: false };

/** What an expression implies about column `id`: bounded below, above, by constants (AND: either side; OR: all sides). */
function bounds(expr: unknown, id: number): Bounds {
  const e = expr as Flat;
  if (e?.kind !== 'resolvedFunctionCallNode') return NONE;
  const fn = String((e['function'] as Flat | undefined)?.['name'] ?? '').replace(/^ZetaSQL:/, '');
  const args = (e['argumentList'] ?? []) as Flat[];
  if (fn === '$and') return args.map((a) => bounds(a, id)).reduce((x, y) => ({ lower: x.lower || y.lower, upper: x.upper || y.upper }), NONE);
  if (fn === '$or') return args.map((a) => bounds(a, id)).reduce((x, y) => ({ lower: x.lower && y.lower, upper: x.upper && y.upper }), { lower: true, upper: true });
  const isCol = (a: Flat | undefined): boolean => a?.kind === 'resolvedColumnRefNode' && idOf(a['column']) === id;
  const isConst = (a: Flat | undefined): boolean => a?.kind === 'resolvedLiteralNode';
  if (fn === '$between') return isCol(args[0]) && isConst(args[1]) && isConst(args[2]) ? { lower: true, upper: true } : NONE;
  if (fn === '$equal' || fn === '$in') return isCol(args[0]) && args.slice(1).every(isConst) ? { lower: true, upper: true } : NONE;
  const [l, r] = args;
  const flip: Record<string, string> = { $less: '$greater', $less_or_equal: '$greater_or_equal', $greater: '$less', $greater_or_equal: '$less_or_equal' };
  const op = isCol(l) && isConst(r) ? fn : isCol(r) && isConst(l) ? flip[fn] : undefined;
  if (op === '$greater' || op === '$greater_or_equal') return { lower: true, upper: false };
  if (op === '$less' || op === '$less_or_equal') return { lower: false, upper: true };
  return NONE;
}
