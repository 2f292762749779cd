import type { SqlName } from './sql-names';
import type { Sql } from './sql';
import type { HelperEnv, RenderState } from './render-state';

/**
 * A handle on one of the package's SQL files (src/<feature>/sql/<name>[.<target>].sql) and the context keys its
 * text reads: `keys` always, `optional` only in some branches (`{{#if before_table}}`). Rendering it with a required
 * key missing, an unknown key or a misspelt name is a compile error.
 */
export interface SqlTemplate<K extends string, O extends string = never> {
  readonly name: SqlName;
  readonly keys: readonly K[];
  readonly optional: readonly O[];
  /** A piece of SQL dispatched inside other SQL (`{{dispatch "semantics/touched_ids" …}}`), not a statement. */
  readonly fragment: boolean;
}

/** A handle on a fragment: rendered into another template's text, never run alone. */
export interface SqlFragment<K extends string, O extends string = never> extends SqlTemplate<K, O> {
  readonly fragment: true;
}

/** What a template is rendered with: its keys (those in `O` may be left out), none at all when it reads none. */
export type SqlContext<K extends string, O extends string = never> = [K | O] extends [never]
  ? Readonly<Record<string, never>>
  : Readonly<Record<K, unknown>> & Readonly<Partial<Record<O, unknown>>>;

/** Declares a handle; test/unit/compiler/sql-templates.test.ts checks the keys against what the file reads. */
export function sqlTemplate<const K extends string = never, const O extends string = never>(
  name: SqlName,
  keys: readonly K[] = [],
  optional: readonly O[] = [],
): SqlTemplate<K, O> {
  return { name, keys, optional, fragment: false };
}

/** Declares a fragment's handle (see sqlTemplate). */
export function sqlFragment<const K extends string = never, const O extends string = never>(
  name: SqlName,
  keys: readonly K[] = [],
  optional: readonly O[] = [],
): SqlFragment<K, O> {
  return { name, keys, optional, fragment: true };
}

/** Renders a fragment of the package's SQL (the target's version, else the default one) inside another render. */
export function renderFragment<K extends string, O extends string>(env: HelperEnv, template: SqlFragment<K, O>, context: NoInfer<SqlContext<K, O>>, state: RenderState): Sql {
  return env.dispatch(template.name, context, state);
}
