import { JSON_PATH } from '../config/identifiers';

/** The logical types a generated column is cast to (those `{{json_value … type=…}}` supports, less json). */
export type InferredType = 'string' | 'int' | 'number' | 'bool' | 'timestamp' | 'date';

/** One JSON key path found in the sampled payloads, with its inferred type and how often it was seen. */
export interface InferredColumn {
  /** The JSON path, `$.Address.Country`. */
  readonly path: string;
  /** A safe, unique snake_case column name, `address_country`. */
  readonly name: string;
  readonly type: InferredType;
  /** Sampled rows holding the key (a null value counts). */
  readonly seen: number;
  /** Seen in under RARE_SHARE of the sampled rows: written as a SQL comment. */
  readonly rare: boolean;
  /** A key a JSON path cannot address (`$.a-b`): written as a comment only. */
  readonly unaddressable: boolean;
}

/** The inferred model of one event name. */
export interface InferredModel {
  readonly eventName: string;
  /** The model's name and file stem, `card_was_shipped`. */
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly InferredColumn[];
}

/** Keys seen in under this share of the sampled rows are left as a comment. */
export const RARE_SHARE = 0.01;

/** The columns every generated model selects first; payload columns never take these names. */
export const BASE_COLUMNS = ['event_id', 'event_created_at', 'user_id'] as const;

/** Words not written as a bare column alias (reserved on DuckDB, PostgreSQL or BigQuery): such a column gets a trailing `_`. */
const RESERVED = new Set(
  'all analyse analyze and any array as asc assert_rows_modified asymmetric at between both by case cast check collate column constraint contains create cross cube current current_date current_role current_time current_timestamp current_user default deferrable define desc distinct do else end enum escape except exclude exists extract false fetch following for foreign from full grant group grouping groups hash having if ignore in initially inner intersect interval into is join lateral leading left like limit localtime localtimestamp lookup merge natural new no not null nulls of offset on only or order outer over partition placing preceding primary proto qualify range recursive references respect returning right rollup rows select session_user set some struct symmetric table tablesample then to trailing treat true unbounded union unique unnest user using variadic when where window with within'.split(' '),
);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/** `CardWasShipped` → `card_was_shipped`, `HTTPStatus` → `http_status`, `order-id` → `order_id`; never empty, never starting with a digit. */
export function snakeCase(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') return 'key';
  return /^\d/.test(s) ? `k_${s}` : s;
}

/** The type of one JSON value, or null for null (which says nothing about the type). */
export function valueType(v: unknown): InferredType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'number';
  if (typeof v === 'string') {
    if (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))) return 'date';
    if (ISO_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')))) return 'timestamp';
  }
  return 'string';
}

/** Two observed types as one: int and number make number, anything else mixed makes string. */
export function mergeTypes(a: InferredType | null, b: InferredType | null): InferredType | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if ((a === 'int' && b === 'number') || (a === 'number' && b === 'int')) return 'number';
  return 'string';
}

interface PathStats {
  keys: string[];
  seen: number;
  type: InferredType | null;
}

/**
 * Every scalar (or array) key path of the payloads, nested objects flattened, in path order (case-insensitive): the
 * same on every target, whatever order its JSON type keeps keys in (PostgreSQL's jsonb sorts them by length).
 */
function collectPaths(payloads: readonly unknown[]): PathStats[] {
  const stats = new Map<string, PathStats>();
  const visit = (obj: Record<string, unknown>, prefix: string[], seenHere: Set<string>): void => {
    for (const [k, v] of Object.entries(obj)) {
      const keys = [...prefix, k];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        visit(v as Record<string, unknown>, keys, seenHere);
        continue;
      }
      const id = JSON.stringify(keys);
      const s = stats.get(id) ?? { keys, seen: 0, type: null };
      stats.set(id, s);
      if (!seenHere.has(id)) s.seen += 1;
      seenHere.add(id);
      s.type = mergeTypes(s.type, valueType(v));
    }
  };
  for (const p of payloads) if (p !== null && typeof p === 'object' && !Array.isArray(p)) visit(p as Record<string, unknown>, [], new Set());
  const order = (k: string[]): string => k.join('.').toLowerCase();
  return [...stats.values()].sort((a, b) => (order(a.keys) < order(b.keys) ? -1 : order(a.keys) > order(b.keys) ? 1 : a.keys.join('.') < b.keys.join('.') ? -1 : 1));
}

/** A name not taken yet: `name`, else `name_2`, `name_3` …; the taken set is updated. */
export function uniqueName(name: string, taken: Set<string>): string {
  const base = RESERVED.has(name) ? `${name}_` : name;
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
  taken.add(candidate);
  return candidate;
}

/** The model of one event name from its sampled payloads (parsed JSON objects). */
export function inferModel(eventName: string, name: string, payloads: readonly unknown[]): InferredModel {
  const taken = new Set<string>(BASE_COLUMNS);
  const rows = payloads.length;
  const columns = collectPaths(payloads).map((s): InferredColumn => {
    const path = `$.${s.keys.join('.')}`;
    return {
      path,
      name: uniqueName(snakeCase(s.keys.map(snakeCase).join('_')), taken),
      type: s.type ?? 'string',
      seen: s.seen,
      rare: s.seen < rows * RARE_SHARE,
      unaddressable: !JSON_PATH.test(path),
    };
  });
  return { eventName, name, rows, columns };
}

/** The models of several event names, their names unique snake_case (`CardWasShipped` → `card_was_shipped`). */
export function inferModels(samples: ReadonlyMap<string, readonly unknown[]>): InferredModel[] {
  const taken = new Set<string>();
  return [...samples.keys()].sort().map((eventName) => inferModel(eventName, uniqueName(snakeCase(eventName), taken), samples.get(eventName)!));
}

/** The model file's text: config, the base columns, one typed json_value per key; rare and unaddressable keys as comments. */
export function modelText(m: InferredModel): string {
  const call = (c: InferredColumn): string => `{{json_value "event_data" "${c.path}"${c.type === 'string' ? '' : ` type="${c.type}"`}}} as ${c.name}`;
  const live = m.columns.filter((c) => !c.rare && !c.unaddressable);
  const select = [...BASE_COLUMNS, ...live.map(call)];
  const comments = m.columns
    .filter((c) => c.rare || c.unaddressable)
    .map((c) => (c.unaddressable ? `  -- ${c.path.replace(/[^\w.$-]/g, '?')}: not addressable by a JSON path (${c.type}, in ${c.seen} of ${m.rows} sampled rows)` : `  -- ${call(c)},  -- rare: in ${c.seen} of ${m.rows} sampled rows`));
  return [
    `{{!-- Generated by 'backfill generate models' from ${m.rows} sampled ${m.eventName} events; review the types before use. --}}`,
    `{{config event_name=${JSON.stringify(m.eventName)}}}`,
    'select',
    ...select.map((s, i) => `  ${s}${i < select.length - 1 ? ',' : ''}`),
    ...comments,
    'from {{events}}',
    '',
  ].join('\n');
}
