import path from 'node:path';
import Handlebars from 'handlebars';
import type { TablesConfig } from '../config/schema';
import type { TargetAdapter } from './target-adapter';
import { CompileError, UsageError, type Diagnostic } from '../errors';
import type { Dialect } from './dialect';
import { HELPER_OPTIONS, registerHelpers } from './helpers';
import { ParamBinder } from './params';
import type { HelperEnv, QuotedTables, RenderState } from './render-state';
import { Sql } from './sql';
import { tidySql } from './sql-text';
import { parseSafe } from './template-ast';
import { HelperCallError, located, pathsByPlace, undefinedPathMessage, unknownHashOptions, unknownHelpers } from './template-errors';
import { PACKAGE_ROOT } from './package-root';
import { COMPILE_OPTIONS, precompiled } from './precompiled';

/** Helpers called without arguments (`{{events}}`); any other bare `{{name}}` is a value from the context. */
export const NO_ARG_HELPERS = ['events', 'lookback_end', 'now', 'columns', 'config'];

/**
 * A template of the package itself (its macros, dialect fragments, migrations), not a model: a helper's refusal
 * there is about the values it was given (a command's arguments), reported as is rather than at a line the user
 * did not write; the call in the user's template that passed them on is located instead.
 */
function isPackageTemplate(file: string): boolean {
  const rel = path.relative(PACKAGE_ROOT, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.startsWith(`models${path.sep}`);
}

/**
 * The package's private SQL (src/<feature>/sql): the public fragments it dispatches are the package's own, so a
 * project's override of one (text_order, json_text) cannot change the rebuild's semantics (SPEC §3 tie-breaking).
 */
function isPrivateSql(file: string): boolean {
  return path.relative(PACKAGE_ROOT, file).startsWith(`src${path.sep}`);
}

/** A template file as loaded from disk. */
export interface TemplateSource {
  readonly name: string;
  readonly file: string;
  readonly source: string;
}

/** Dispatched templates by name: a dialect's own version, else the default one (dbt's adapter.dispatch). */
export type DispatchSources = ReadonlyMap<string, Readonly<Partial<Record<string, TemplateSource>>>>;

/** What dispatch resolves against: with the project's overrides (its macros and models), and the package's alone. */
export interface DispatchSourceSets {
  readonly merged: DispatchSources;
  /** The package's own versions, which its private SQL dispatches whatever the project overrides. */
  readonly packageOnly: DispatchSources;
}

export type Compiled = (context: object, state: RenderState) => string;

/** One Handlebars environment per dialect: SQL-safe compilation, helpers, and fragment dispatch. */
export class TemplateEnv implements HelperEnv {
  readonly hb: typeof Handlebars = Handlebars.create();
  readonly tables: QuotedTables;
  /** Values as parameters or literals, per dialect; statements pick up the parameters they use. */
  readonly binder: ParamBinder;
  private readonly helperNames: ReadonlySet<string>;
  private readonly dispatchCache = new Map<string, Compiled>();

  constructor(
    readonly dialect: Dialect,
    /** The target's strategies, which templates read at compile time (e.g. whether OR-ed ranges are pruned). */
    readonly adapter: TargetAdapter,
    readonly tableNames: TablesConfig,
    private readonly dispatchSources: DispatchSourceSets,
    /** Files inside it are shown relative to it in errors (the project dir). */
    private readonly baseDir?: string,
  ) {
    this.tables = {
      original: new Sql(dialect.quoteTable(tableNames.original)),
      exceptions: new Sql(dialect.quoteTable(tableNames.exceptions)),
      exclusions: new Sql(dialect.quoteTable(tableNames.exclusions)),
      framework_schema: new Sql(dialect.quoteIdent(tableNames.framework_schema)),
      stage_schema: new Sql(dialect.quoteIdent(tableNames.stage_schema)),
    };
    this.binder = new ParamBinder(dialect);
    registerHelpers(this);
    // Only helpers that make sense without arguments stay helper calls when bare; `{{table}}` is a value.
    this.helperNames = new Set(NO_ARG_HELPERS);
  }

  /** Compiles a template, collecting problems into `diagnostics` (null when there were any). */
  compile(file: string, source: string, diagnostics: Diagnostic[], ast?: hbs.AST.Program): Compiled | null {
    // The package's own templates were parsed and compiled by the build (precompiled.ts): the same spec, no parse.
    const pre = ast ? undefined : precompiled(source);
    const program = pre ? null : (ast ?? this.parse(file, source, diagnostics));
    if (!pre && !program) return null;
    const template = pre ? this.hb.template(pre.spec) : this.hb.compile(program!, COMPILE_OPTIONS);
    // Where each path sits, for a strict lookup's message: only when one fails (a precompiled template parses then).
    let paths: Map<string, hbs.AST.PathExpression> | undefined;
    const pathAt = (place: string): hbs.AST.PathExpression | undefined => (paths ??= pathsByPlace(program ?? this.parse(file, source, [])!)).get(place);
    const privateSql = isPrivateSql(file);
    return (context, given) => {
      // Passed down to every nested dispatch (helpers read the state from Handlebars' data).
      const state: RenderState = privateSql && given.packageSql !== true ? { ...given, packageSql: true } : given;
      const shadowed = NO_ARG_HELPERS.find((k) => k in context);
      // `{{now}}` would call the helper, not read this value: a silent wrong answer, so refuse it.
      if (shadowed) throw new Error(`${file}: context key '${shadowed}' is also a helper name; rename the key`);
      const root = { tables: this.tables, ...context };
      try {
        return tidySql(template(root, { data: { backfill: state } }), this.dialect.backslashEscapes);
      } catch (err) {
        if (err instanceof HelperCallError) {
          if (isPackageTemplate(file)) throw err.original;
          throw new CompileError([located(file, source, err.line, err.column, err.message)], this.baseDir);
        }
        if (err instanceof UsageError) throw err;
        const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        const at = err as { lineNumber?: unknown; column?: unknown };
        if (typeof at.lineNumber === 'number' && typeof at.column === 'number') {
          // Handlebars' strict lookup: `"nme" not defined in [object Object] - 7:4`.
          const path = / not defined in /.test(msg) ? pathAt(`${at.lineNumber}:${at.column}`) : undefined;
          const what =
            (path && undefinedPathMessage(path, root, NO_ARG_HELPERS)) ??
            msg.replace(/ - \d+:\d+$/, '').replace(/^"(.*)" not defined in .*$/, "'$1' is not defined (a misspelt name, or an argument not given?)");
          throw new CompileError([located(file, source, at.lineNumber, at.column + 1, what)], this.baseDir);
        }
        throw new UsageError(`${file}: ${msg}`);
      }
    };
  }

  /** Parses a template with the SQL-safety rewrite applied (for callers that inspect the AST first). */
  parse(file: string, source: string, diagnostics: Diagnostic[]): hbs.AST.Program | null {
    const ast = parseSafe(source, file, this.helperNames, diagnostics);
    if (!ast) return null;
    const unknown = [...unknownHelpers(ast, new Set(Object.keys(this.hb.helpers)), file, source), ...unknownHashOptions(ast, HELPER_OPTIONS, file, source)];
    diagnostics.push(...unknown);
    return unknown.length === 0 ? ast : null;
  }

  /** Renders the dispatched template `name` for this dialect (falling back to the default one). */
  dispatch(name: string, context: object, state: RenderState): Sql {
    const own = state.packageSql === true;
    const key = own ? `package:${name}` : name;
    let compiled = this.dispatchCache.get(key);
    if (!compiled) {
      const versions = (own ? this.dispatchSources.packageOnly : this.dispatchSources.merged).get(name);
      const src = versions?.[this.dialect.name] ?? versions?.['default'];
      if (!src) throw new UsageError(`no template '${name}' for dialect ${this.dialect.name} (looked in ${where(name, this.dialect.name)})`);
      const diagnostics: Diagnostic[] = [];
      const c = this.compile(src.file, src.source, diagnostics);
      if (!c) throw new CompileError(diagnostics, this.baseDir);
      compiled = c;
      this.dispatchCache.set(key, compiled);
    }
    return new Sql(compiled(context, state).trim());
  }
}

/** Where a dispatched name is looked for: the package's SQL for `<feature>/<name>`, else the public fragments. */
function where(name: string, dialect: string): string {
  const [feature, base] = name.split('/');
  return base === undefined ? `macros/dialects/${dialect} and default` : `src/${feature}/sql/${base}.${dialect}.sql and ${base}.sql`;
}
