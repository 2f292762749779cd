import Handlebars from 'handlebars';
import type { Diagnostic } from '../errors';
import { syntaxDiagnostic } from './template-errors';

type Node = hbs.AST.Node;
type Mustache = hbs.AST.MustacheStatement;

/**
 * Parses a template and makes it SQL-safe: every `{{…}}` output goes through `sql_value`, so a value — bare
 * (`{{args.x}}`) or returned by any helper as plain text (`{{lookup args "x"}}`) — can only reach SQL as an
 * escaped literal; only SQL built by our helpers (the `Sql` class) passes through. Triple-stash and partials are
 * refused: they would bypass that.
 */
export function parseSafe(source: string, file: string, helpers: ReadonlySet<string>, diagnostics: Diagnostic[]): hbs.AST.Program | null {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    diagnostics.push(syntaxDiagnostic(err, source, file));
    return null;
  }
  const before = diagnostics.length;
  walk(ast, (node) => {
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      diagnostics.push({ file, message: `partials ({{> …}}) are not supported in SQL templates (line ${node.loc.start.line})` });
    }
    if (node.type === 'MustacheStatement') {
      const m = node as Mustache;
      if (!m.escaped) {
        diagnostics.push({ file, message: `triple-stash {{{…}}} would write a value unescaped (line ${m.loc.start.line}); use {{…}}` });
      } else {
        wrapInSqlValue(m, isBareValue(m, helpers));
      }
    }
  });
  return diagnostics.length === before ? ast : null;
}

/** The leading `{{!-- … --}}` comment of a template (its front matter), if any. */
export function frontMatter(ast: hbs.AST.Program): string | null {
  for (const node of ast.body) {
    if (node.type === 'ContentStatement' && (node as hbs.AST.ContentStatement).value.trim() === '') continue;
    if (node.type === 'CommentStatement') return (node as hbs.AST.CommentStatement).value;
    return null;
  }
  return null;
}

/** Every `{{name key=value …}}` call of a helper, with its hash as literal values (null if not all literal). */
export function helperCalls(ast: hbs.AST.Program, name: string): Array<{ line: number; hash: Record<string, unknown> | null }> {
  const calls: Array<{ line: number; hash: Record<string, unknown> | null }> = [];
  walk(ast, (node) => {
    if (node.type !== 'MustacheStatement') return;
    const m = unwrap(node as Mustache);
    if (m.path.type !== 'PathExpression' || (m.path as hbs.AST.PathExpression).original !== name) return;
    const hash: Record<string, unknown> = {};
    let literal = true;
    for (const pair of m.hash?.pairs ?? []) {
      const v = pair.value as hbs.AST.Literal | hbs.AST.Expression;
      if ('value' in v && v.type !== 'PathExpression') hash[pair.key] = (v as hbs.AST.StringLiteral).value;
      else if (isBracketList(v)) hash[pair.key] = listItems((v as hbs.AST.PathExpression).original);
      else literal = false;
    }
    calls.push({ line: m.loc.start.line, hash: literal && m.params.length === 0 ? hash : null });
  });
  return calls;
}

/**
 * `tags=["finance", "pii"]`: Handlebars reads `[…]` as one path segment (its text, brackets dropped, as the path);
 * the span of the source it came from tells it from a plain `tags=finance`.
 */
function isBracketList(v: hbs.AST.Expression): boolean {
  if (v.type !== 'PathExpression') return false;
  const p = v as hbs.AST.PathExpression;
  return p.parts.length === 1 && p.loc.start.line === p.loc.end.line && p.loc.end.column - p.loc.start.column === p.original.length + 2;
}

/** The items of a `[…]` list's text: quoted strings or bare words, separated by commas or spaces. */
function listItems(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|([^\s,"']+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The helper call inside a `{{sql_value (call …)}}` rewrite (or the mustache itself). */
function unwrap(m: Mustache): { path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash; loc: hbs.AST.SourceLocation } {
  const inner = m.params[0];
  if ((m.path as hbs.AST.PathExpression).original === 'sql_value' && inner?.type === 'SubExpression') return inner as hbs.AST.SubExpression;
  return m;
}

function isBareValue(m: Mustache, helpers: ReadonlySet<string>): boolean {
  if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0) return false;
  if (m.path.type === 'PathExpression') {
    const p = m.path as hbs.AST.PathExpression;
    return p.data || p.parts.length !== 1 || !helpers.has(p.original);
  }
  return true;
}

/** `{{x}}` → `{{sql_value x}}`; `{{h a b=c}}` → `{{sql_value (h a b=c)}}`. */
function wrapInSqlValue(m: Mustache, bareValue: boolean): void {
  const helper = { type: 'PathExpression', data: false, depth: 0, parts: ['sql_value'], original: 'sql_value', loc: m.loc } as hbs.AST.PathExpression;
  let param: hbs.AST.Expression;
  if (bareValue) {
    // Strict lookup for the moved path, as Handlebars does for a mustache's own: a misspelt field is an error.
    param = m.path as hbs.AST.Expression;
    if (param.type === 'PathExpression') (param as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
  } else {
    param = { type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression;
  }
  const mm = m as { path: hbs.AST.PathExpression | hbs.AST.Literal; params: hbs.AST.Expression[]; hash: hbs.AST.Hash | undefined };
  mm.path = helper;
  mm.params = [param];
  mm.hash = undefined as unknown as hbs.AST.Hash;
}

function walk(node: Node | undefined | null, visit: (n: Node) => void): void {
  if (!node) return;
  visit(node);
  const n = node as unknown as Record<string, unknown>;
  if (node.type === 'Program') for (const child of (node as hbs.AST.Program).body) walk(child, visit);
  if (node.type === 'BlockStatement') {
    walk(n['program'] as Node, visit);
    walk(n['inverse'] as Node, visit);
  }
}
