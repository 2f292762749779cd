/**
 * Compiled SQL laid out by sql-formatter, so operations read like hand-written SQL. Formatting must never change
 * what a statement means: the result is kept only when its tokens (literals, quoted names, parameters, operator
 * runs such as `->>` or `::`, comments) are exactly the statement's own, in order; else the statement stays as
 * rendered. Statements over MAX_FORMAT_CHARS stay as rendered too: the formatter's cost grows with the text
 * (docs/internals.md has the figures), and a batch of thousands of ids reads no better one per line.
 */
import type { Dialect } from './dialect';

export const MAX_FORMAT_CHARS = 20_000;

let formatter: typeof import('sql-formatter') | undefined;

/** The statement formatted, or as it was when formatting would not keep every token (or it is too long). */
export function formatSql(sql: string, d: Dialect): string {
  if (sql.length > MAX_FORMAT_CHARS) return sql;
  formatter ??= require('sql-formatter') as typeof import('sql-formatter'); // loaded by the commands that format only
  let out: string;
  try {
    out = formatter.format(sql, { ...d.formatter, keywordCase: 'preserve', tabWidth: 2, expressionWidth: 80, linesBetweenQueries: 1 });
  } catch {
    return sql; // text the formatter cannot parse (a project's own macro, say) is left as written
  }
  return sameTokens(tokens(sql, d.backslashEscapes), tokens(out, d.backslashEscapes)) ? out : sql;
}

/**
 * The tokens of a statement, whitespace dropped. Literals (with E'…' and other prefixes), quoted names and comments
 * are whole tokens; so are parameters (`@x`, `$1`), numbers with their fraction and runs of operator characters,
 * so that a formatter splitting any of them (`- >>`, `: :`, `$ 1`, `E 'x'`) is caught.
 */
export function tokens(sql: string, backslashEscapes: boolean): string[] {
  const out: string[] = [];
  const word = /[@$:]?[A-Za-z0-9_]+(?:\.[0-9]+)?/y;
  const ops = /[-+*/<>=~!@#%^&|?:]+/y;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const end = tokenEnd(sql, i, backslashEscapes, word, ops);
    out.push(sql.slice(i, end).replace(/\s+$/, ''));
    i = end;
  }
  return out;
}

function tokenEnd(sql: string, i: number, backslashEscapes: boolean, word: RegExp, ops: RegExp): number {
  const c = sql[i]!;
  if (sql.startsWith('--', i)) return lineEnd(sql, i);
  if (sql.startsWith('/*', i)) return sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2;
  const prefixed = /^[A-Za-z]{1,2}'/.exec(sql.slice(i, i + 3));
  if (c === "'" || c === '"' || c === '`' || prefixed) {
    const q = prefixed ? prefixed[0].length - 1 : 0;
    const escapes = backslashEscapes || (prefixed !== null && /e/i.test(prefixed[0]));
    return quoteEnd(sql, i + q, sql[i + q]!, escapes);
  }
  for (const re of [word, ops]) {
    re.lastIndex = i;
    if (re.test(sql)) return re.lastIndex;
  }
  return i + 1;
}

function lineEnd(sql: string, i: number): number {
  const nl = sql.indexOf('\n', i);
  return nl < 0 ? sql.length : nl;
}

function quoteEnd(sql: string, start: number, q: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (backslashEscapes && sql[i] === '\\') i++;
    else if (sql[i] === q && sql[i + 1] === q) i++;
    else if (sql[i] === q) return i + 1;
  }
  return sql.length;
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, k) => t === b[k]);
}
