import Handlebars from 'handlebars';
import type { Diagnostic } from '../errors';

type Node = hbs.AST.Node;
type Mustache = hbs.AST.MustacheStatement;

/**
 * Parses a template and makes it SQL-safe: every bare `{{value}}` becomes `{{sql_value value}}`, so a value
 * can only reach SQL as an escaped literal. Triple-stash and partials are refused: they would bypass that.
 */
export function parseSafe(source: string, file: string, helpers: ReadonlySet<string>, diagnostics: Diagnostic[]): hbs.AST.Program | null {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    diagnostics.push({ file, message: `template syntax: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` });
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
      } else if (isBareValue(m, helpers)) {
        wrapInSqlValue(m);
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
    const m = node as Mustache;
    if (m.path.type !== 'PathExpression' || (m.path as hbs.AST.PathExpression).original !== name) return;
    const hash: Record<string, unknown> = {};
    let literal = true;
    for (const pair of m.hash?.pairs ?? []) {
      const v = pair.value as hbs.AST.Literal | hbs.AST.Expression;
      if ('value' in v && v.type !== 'PathExpression') hash[pair.key] = (v as hbs.AST.StringLiteral).value;
      else literal = false;
    }
    calls.push({ line: m.loc.start.line, hash: literal && m.params.length === 0 ? hash : null });
  });
  return calls;
}

function isBareValue(m: Mustache, helpers: ReadonlySet<string>): boolean {
  if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0) return false;
  if (m.path.type === 'PathExpression') {
    const p = m.path as hbs.AST.PathExpression;
    return p.data || p.parts.length !== 1 || !helpers.has(p.original);
  }
  return true;
}

function wrapInSqlValue(m: Mustache): void {
  const value = m.path;
  const helper: hbs.AST.PathExpression = {
    type: 'PathExpression',
    data: false,
    depth: 0,
    parts: ['sql_value'],
    original: 'sql_value',
    loc: m.loc,
  } as hbs.AST.PathExpression;
  (m as { path: hbs.AST.PathExpression | hbs.AST.Literal }).path = helper;
  (m as { params: hbs.AST.Expression[] }).params = [value as hbs.AST.Expression];
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
