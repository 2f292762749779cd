import type { HelperOptions } from 'handlebars';
import { IDENTIFIER, JSON_PATH } from '../config/identifiers';
import { CompileError, UsageError } from '../errors';
import { LOGICAL_TYPES, type Dialect, type LogicalType } from './dialect';
import { modelEvents, namedEvents } from '../semantics/effective-events';
import { addDays, dayStart, EVENT_COLUMNS, isEventColumn, type DayRange } from './days';
import { Sql } from './sql';
import type { HelperEnv, RenderState } from './render-state';
import { HelperCallError } from './template-errors';

type Helper = (...args: unknown[]) => unknown;

/**
 * The hash options (`name=value`) each built-in helper takes; any other is refused at load with the nearest one
 * (`typ="timestamp"` would be ignored otherwise). null: not checked (`config` is read by the model loader, and
 * `dispatch` passes its options to the fragment).
 */
export const HELPER_OPTIONS: Readonly<Record<string, readonly string[] | null>> = {
  sql_value: [],
  lit: [],
  ident: [],
  ident_list: [],
  table: [],
  type: [],
  list: [],
  columns: [],
  eq: [],
  json_value: ['type'],
  json_set: [],
  json_text: [],
  json_from_text: [],
  cast: [],
  where_match: [],
  lookback_start: [],
  lookback_end: [],
  column_or_path: [],
  effective_events: ['event_name', 'lookback_days', 'day', 'as'],
  events: [],
  dispatch: null,
  now: [],
  in_days: ['alias'],
  day_ranges: ['statements'],
  batch_filter: ['and'],
  config: null,
  region_view: [],
};

/** The helpers every template sees. Values become literals; names become validated, quoted identifiers. */
export function registerHelpers(env: HelperEnv): void {
  const helpers: Record<string, Helper> = { ...valueHelpers(env), ...jsonHelpers(env), ...eventHelpers(env), ...dayHelpers(env), ...otherHelpers(env) };
  // In HELPER_OPTIONS' order (the order they were always registered in, which suggestions for a misspelt name see).
  const order = Object.keys(HELPER_OPTIONS);
  const sorted = Object.entries(helpers).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  for (const [name, fn] of sorted) env.hb.registerHelper(name, atCall(name, fn) as Handlebars.HelperDelegate);
}

/** The render state a helper call sees. */
const state = (args: unknown[]): RenderState => (options(args).data as { backfill: RenderState }).backfill;

/** The dialect's version of a fragment, rendered with the call's state. */
const fragment = (env: HelperEnv, name: string, ctx: object, args: unknown[]): Sql => env.dispatch(name, ctx, state(args));

/** Values as literals, names as quoted identifiers, logical types as the dialect's. */
function valueHelpers(env: HelperEnv): Record<string, Helper> {
  const d = env.dialect;
  return {
    /** Bare `{{value}}` is rewritten to this: a literal, unless the value is already SQL. */
    sql_value: (v) => (v instanceof Sql ? v : env.binder.value(v)),
    lit: (v) => env.binder.value(v),
    ident: (name) => new Sql(d.quoteIdent(String(name))),
    ident_list: (...args) => new Sql(positional(args).map((n) => d.quoteIdent(String(n))).join(', ')),
    table: (name) => new Sql(d.quoteTable(String(name))),
    type: (t) => new Sql(d.type(logicalType(t))),
    list: (values) => env.binder.list(values),
    columns: (...args) => {
      const prefix = positional(args)[0];
      const q = (c: string): string => (typeof prefix === 'string' ? `${d.quoteIdent(prefix)}.${d.quoteIdent(c)}` : d.quoteIdent(c));
      return new Sql(EVENT_COLUMNS.map(q).join(', '));
    },
    eq: (a, b) => a === b,
  };
}

/** JSON values and casts (dialect fragments), and matching an event column or JSON path. */
function jsonHelpers(env: HelperEnv): Record<string, Helper> {
  const d = env.dialect;
  const helpers: Record<string, Helper> = {
    json_value: (...args) => {
      const [e, path] = positional(args);
      const value = fragment(env, 'json_value', jsonValueContext(d, expr(e, d), path), args);
      const t = options(args).hash['type'];
      return t === undefined ? value : fragment(env, 'cast', { expr: value, sql_type: new Sql(d.type(logicalType(t))) }, args);
    },
    json_set: (...args) => {
      const [e, set] = positional(args);
      return fragment(env, 'json_set', { expr: expr(e, d), ...setPairs(d, set) }, args);
    },
    json_text: (...args) => fragment(env, 'json_text', { expr: expr(positional(args)[0], d) }, args),
    json_from_text: (e) => new Sql(d.jsonFromText(expr(e, d).text)), // JSON text to JSON, as the target makes it
    cast: (...args) => {
      const [e, t] = positional(args);
      return fragment(env, 'cast', { expr: expr(e, d), sql_type: new Sql(d.type(logicalType(t))) }, args);
    },
    where_match: (...args) => {
      const [key, value] = positional(args);
      const column = helpers['column_or_path']!(key, options(args)) as Sql;
      return whereMatch(String(key).startsWith('$'), column, value, env);
    },
    column_or_path: (...args) => {
      const key = String(positional(args)[0]);
      if (key.startsWith('$')) return fragment(env, 'json_value', jsonValueContext(d, new Sql(d.quoteIdent('event_data')), key), args);
      if (!isEventColumn(key)) throw new UsageError(`'${key}' is neither an event column (${EVENT_COLUMNS.join(', ')}) nor a JSON path like $.TransactionId`);
      return new Sql(d.quoteIdent(key));
    },
  };
  return helpers;
}

/** The effective events (src/semantics): of one name, or of the stage model being rendered. */
function eventHelpers(env: HelperEnv): Record<string, Helper> {
  return {
    /** The effective events of one name (`as=name`: as CTEs for a leading WITH); `lookback_days=n`; `day=<date>`. */
    effective_events: (...args) => namedEvents(env, options(args).hash as Parameters<typeof namedEvents>[1], state(args)),
    events: (...args) => modelEvents(env, state(args)), // in a stage model: its event name's, in the days rebuilt
  };
}

/** Days: the lookback window, day ranges as conditions, and the current batch's days. */
function dayHelpers(env: HelperEnv): Record<string, Helper> {
  const d = env.dialect;
  return {
    lookback_start: (...args) => {
      const days = Number(positional(args)[0]);
      if (!Number.isInteger(days) || days < 0) throw new UsageError(`lookback_days: must be a whole number of days ≥ 0, got ${String(positional(args)[0])}`);
      return new Sql(d.timestampLiteral(addDays(dayStart(state(args).asOf), -days)));
    },
    lookback_end: (...args) => new Sql(d.timestampLiteral(addDays(dayStart(state(args).asOf), 1))),
    /** `{{in_days "col" ranges alias="t"}}`: the column within the day ranges, bounds as constant literals. */
    in_days: (...args) => {
      const [col, ranges] = positional(args);
      const alias = options(args).hash['alias'];
      // SQL from a helper as is; a name from the template as written (each part validated); `alias=` + a quoted name.
      const column = col instanceof Sql ? col : typeof alias === 'string' ? new Sql(`${written(alias)}.${d.quoteIdent(String(col))}`) : new Sql(written(String(col)));
      return inDays(d, env.adapter.prunesOredRanges, column, ranges as readonly DayRange[]);
    },
    /**
     * `{{#day_ranges ranges as |days|}}SELECT … WHERE {{in_days "col" days}}{{/day_ranges}}`: the block once with every
     * range, or, where OR-ed ranges are not pruned (DuckDB), once per range joined by UNION ALL (ranges never overlap);
     * `statements=true`: a block of whole statements, repeated one after the other.
     */
    day_ranges: function (this: unknown, ...args: unknown[]) {
      const ranges = positional(args)[0] as readonly DayRange[];
      const opts = options(args);
      if (!Array.isArray(ranges) || ranges.length === 0) throw new UsageError('day_ranges: expected a non-empty list of day ranges');
      const groups = env.adapter.prunesOredRanges ? [ranges] : ranges.map((r) => [r]);
      const parts = groups.map((days) => opts.fn(this, { data: opts.data, blockParams: [days] }));
      const indent = /^\s*?\n?([ \t]*)\S/.exec(parts[0] ?? '')?.[1] ?? '';
      return parts.join(opts.hash['statements'] === true ? '' : `${indent}UNION ALL\n`);
    },
    /** In a batchable macro: the condition keeping the batch's days, else TRUE (`and=true`: `AND <it>`, else nothing). */
    batch_filter: (...args) => {
      const ranges = state(args).batch ?? [];
      const cond = ranges.length > 0 ? inDays(d, env.adapter.prunesOredRanges, expr(positional(args)[0], d), ranges).text : null;
      return new Sql(options(args).hash['and'] === true ? (cond ? `AND ${cond}` : '') : (cond ?? 'TRUE'));
    },
  };
}

/** Fragment dispatch, the clock, the model's config, and BigQuery's region views. */
function otherHelpers(env: HelperEnv): Record<string, Helper> {
  return {
    /** `{{dispatch "name" key=value}}`: the dialect's version of a fragment (dbt's adapter.dispatch). */
    dispatch: (...args) => fragment(env, String(positional(args)[0]), { ...options(args).hash }, args),
    now: (...args) => fragment(env, 'now', {}, args),
    /** Read statically by the model loader; renders nothing. */
    config: () => new Sql(''),
    /** `{{region_view location "JOBS_BY_PROJECT"}}`: a BigQuery region's INFORMATION_SCHEMA view, both names validated. */
    region_view: (location, view) => {
      if (typeof location !== 'string' || !/^[A-Za-z0-9-]+$/.test(location)) throw new UsageError(`location '${String(location)}' is not a BigQuery location (e.g. EU, US, europe-west1)`);
      if (typeof view !== 'string' || !/^[A-Z_]+$/.test(view)) throw new UsageError(`'${String(view)}' is not an INFORMATION_SCHEMA view name`);
      return new Sql(`\`region-${location.toLowerCase()}\`.INFORMATION_SCHEMA.${view}`);
    },
  };
}

/**
 * The helper, its refusals of its arguments carrying the place of the call (Handlebars gives it as `options.loc`)
 * and its name: `models/x.sql:3:3: json_value: …` instead of a message without a place.
 */
function atCall(name: string, fn: Helper): Helper {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (err) {
      if (!(err instanceof UsageError) || err instanceof CompileError || err instanceof HelperCallError) throw err;
      const loc = (options(args) as { loc?: { start?: { line?: unknown; column?: unknown } } } | undefined)?.loc?.start;
      if (typeof loc?.line !== 'number' || typeof loc.column !== 'number') throw err;
      const message = err.message.startsWith(`${name}:`) ? err.message : `${name}: ${err.message}`;
      throw new HelperCallError(message, loc.line, loc.column + 1, err);
    }
  };
}

/** A `column` or `alias.column` written in a template: validated, kept as written. */
function written(name: string): string {
  if (!name.split('.').every((p) => IDENTIFIER.test(p))) throw new UsageError(`'${name}' is not a column name`);
  return name;
}

/** `((col >= start AND col < end) OR …)`: the one shape every day-limited statement uses, so partitions prune. */
function inDays(d: Dialect, prunesOredRanges: boolean, column: Sql, ranges: readonly DayRange[]): Sql {
  if (!Array.isArray(ranges) || ranges.length === 0) throw new UsageError('in_days: expected a non-empty list of day ranges');
  const col = column.text;
  // Where an OR of ranges is not pruned anyway (DuckDB), one lookup per row in the list of days is cheaper than
  // comparing with every bound (measured: 21 ms instead of 42 ms for 9 days of a 2.5M-row table).
  const days = !prunesOredRanges && ranges.length > 1 ? wholeDays(ranges) : null;
  if (days) return new Sql(`(CAST(${col} AS DATE) IN (${days.map((day) => d.dateLiteral(day)).join(', ')}))`);
  return new Sql(`(${ranges.map((r) => `(${col} >= ${d.timestampLiteral(r.start)} AND ${col} < ${d.timestampLiteral(r.end)})`).join(' OR ')})`);
}

/** Every day the ranges cover, when they are whole UTC days and not too many to list (else null). */
function wholeDays(ranges: readonly DayRange[]): Date[] | null {
  const days: Date[] = [];
  for (const r of ranges) {
    if (dayStart(r.start).getTime() !== r.start.getTime() || dayStart(r.end).getTime() !== r.end.getTime()) return null;
    for (let day = r.start; day < r.end; day = addDays(day, 1)) {
      if (days.length >= MAX_LISTED_DAYS) return null;
      days.push(day);
    }
  }
  return days;
}

const MAX_LISTED_DAYS = 1000;

function options(args: unknown[]): HelperOptions {
  return args[args.length - 1] as HelperOptions;
}

function positional(args: unknown[]): unknown[] {
  return args.slice(0, -1);
}

/** A column reference: SQL from another helper, or `column` / `alias.column` validated and quoted. */
function expr(v: unknown, d: Dialect): Sql {
  if (v instanceof Sql) return v;
  if (typeof v === 'string') return new Sql(v.split('.').map((p) => d.quoteIdent(p)).join('.'));
  if (v === undefined) throw new UsageError('expected a column name or SQL expression, got nothing (a column name is written in quotes: "event_data")');
  throw new UsageError(`expected a column name or SQL expression, got ${typeof v}`);
}

function jsonPath(path: unknown): string {
  if (path === undefined) throw new UsageError('a JSON path is missing; add one like "$.Status" or "$.card.status"');
  if (typeof path !== 'string' || !JSON_PATH.test(path)) {
    throw new UsageError(`JSON path ${JSON.stringify(path)} is not valid; use dotted keys like $.Status or $.card.status`);
  }
  return path;
}

/** What json_value fragments get: the expression, the path, and the path as a key array text (`{a,b}`). */
function jsonValueContext(d: Dialect, e: Sql, path: unknown): { expr: Sql; path: Sql; path_keys: Sql } {
  const p = jsonPath(path);
  return { expr: e, path: new Sql(d.stringLiteral(p)), path_keys: new Sql(d.stringLiteral(`{${p.slice(2).split('.').join(',')}}`)) };
}

function logicalType(t: unknown): LogicalType {
  if (typeof t === 'string' && (LOGICAL_TYPES as readonly string[]).includes(t)) return t as LogicalType;
  throw new UsageError(`type ${JSON.stringify(t)} is unknown; use one of ${LOGICAL_TYPES.join(', ')}`);
}

function nonEmptyList(values: unknown): unknown[] {
  if (!Array.isArray(values) || values.length === 0) throw new UsageError('list: expected a non-empty list of values');
  return values;
}

/** `set` map → path/value pairs (for JSON_SET) and the equivalent nested patch object (for merge-patch dialects). */
function setPairs(d: Dialect, set: unknown): { pairs: Array<{ path: Sql; keys: string[]; value: unknown }>; patch: Record<string, unknown> } {
  if (set === null || typeof set !== 'object' || Array.isArray(set)) throw new UsageError('set: expected a map of JSON path → value');
  const patch: Record<string, unknown> = {};
  const pairs = Object.entries(set as Record<string, unknown>).map(([path, value]) => {
    const keys = jsonPath(path).slice(2).split('.');
    let node = patch;
    keys.slice(0, -1).forEach((k) => {
      const child = node[k];
      node = (node[k] = child !== null && typeof child === 'object' ? child : {}) as Record<string, unknown>;
    });
    node[keys[keys.length - 1]!] = value;
    return { path: new Sql(d.stringLiteral(path)), keys, value };
  });
  return { pairs, patch };
}

function whereMatch(isPath: boolean, lhs: Sql, value: unknown, env: HelperEnv): Sql {
  // JSON_VALUE yields text, so JSON-path comparisons compare text forms of the value.
  const asText = (v: unknown): unknown => (isPath && v !== null && typeof v !== 'string' ? String(v) : v);
  if (value === null) return new Sql(`${lhs.text} IS NULL`);
  if (Array.isArray(value)) return new Sql(`${lhs.text} IN ${env.binder.list(nonEmptyList(value).map(asText)).text}`);
  return new Sql(`${lhs.text} = ${env.binder.value(asText(value)).text}`);
}
