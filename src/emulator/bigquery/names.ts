/**
 * ZetaSQL's evaluator reads table contents only for tables registered at its catalog's root, so before a statement
 * is evaluated each table path in it (`dataset`.`table`, project.dataset.table, dataset.INFORMATION_SCHEMA.COLUMNS)
 * is rewritten to one quoted identifier naming a root table (`dataset.table`). A table named without an alias keeps
 * its implicit one (the last part of its path), so `original.event_id` still resolves.
 */
export interface Rewritten {
  readonly sql: string;
  /** The root names used, each with the path parts it stands for (project stripped). */
  readonly tables: Map<string, readonly string[]>;
}

/** Resolves a path's leading parts to a root name: how many parts it consumed, or null when it names no table. */
export type Resolve = (parts: readonly string[]) => { name: string; parts: readonly string[]; consumed: number } | null;

const ALIAS_BEFORE = new Set(['FROM', 'JOIN', 'USING', 'UPDATE', 'DELETE', ',']);
const NOT_ALIAS = new Set([
  'WHERE', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'ON', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW',
  'QUALIFY', 'HAVING', 'SET', 'WHEN', 'USING', 'FOR', 'TABLESAMPLE', 'SELECT', 'VALUES', 'WITH', 'UNNEST', 'PIVOT', 'UNPIVOT', 'THEN', 'AND', 'OR',
]);

export function rewriteTables(sql: string, resolve: Resolve): Rewritten {
  const tables = new Map<string, readonly string[]>();
  let out = '';
  let i = 0;
  let lastWord = '';
  while (i < sql.length) {
    const skip = skipNonCode(sql, i);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
      continue;
    }
    const c = sql[i]!;
    if (/\d/.test(c) || c === '@') {
      const m = /^@{0,2}[\w.]*/.exec(sql.slice(i))!;
      out += m[0];
      i += Math.max(1, m[0].length);
      lastWord = '';
      continue;
    }
    if (c === '`' || /[A-Za-z_]/.test(c)) {
      const { parts, ends } = readPath(sql, i);
      const hit = resolve(parts);
      if (hit) {
        tables.set(hit.name, hit.parts);
        const end = ends[hit.consumed - 1]!;
        out += `\`${hit.name}\``;
        if (ALIAS_BEFORE.has(lastWord) && hit.consumed === parts.length && !hasAlias(sql, end)) out += ` AS \`${hit.parts[hit.parts.length - 1]}\``;
        i = end;
      } else {
        out += sql.slice(i, ends[ends.length - 1]);
        i = ends[ends.length - 1]!;
      }
      lastWord = parts.length === 1 && c !== '`' ? parts[0]!.toUpperCase() : '';
      continue;
    }
    if (!/\s/.test(c)) lastWord = c === ',' ? ',' : '';
    out += c;
    i++;
  }
  return { sql: out, tables };
}

/** The parts of a dotted path starting at `i`, and where each part ends. */
function readPath(sql: string, i: number): { parts: string[]; ends: number[] } {
  const parts: string[] = [];
  const ends: number[] = [];
  let j = i;
  for (;;) {
    if (sql[j] === '`') {
      const close = sql.indexOf('`', j + 1);
      const end = close < 0 ? sql.length : close + 1;
      parts.push(...sql.slice(j + 1, end - 1).split('.'));
      while (ends.length < parts.length) ends.push(end);
      j = end;
    } else {
      const m = /^[A-Za-z_]\w*/.exec(sql.slice(j));
      if (!m) break;
      parts.push(m[0]);
      j += m[0].length;
      ends.push(j);
    }
    if (sql[j] !== '.' || !/[`A-Za-z_]/.test(sql[j + 1] ?? '')) break;
    j++;
  }
  return { parts, ends };
}

function hasAlias(sql: string, end: number): boolean {
  const m = /^\s+(`[^`]+`|[A-Za-z_]\w*)/.exec(sql.slice(end));
  if (!m) return false;
  const word = m[1]!.toUpperCase();
  return word === 'AS' || m[1]!.startsWith('`') || !NOT_ALIAS.has(word);
}

/** Past a comment or string literal starting at `i` (or `i` itself). */
export function skipNonCode(sql: string, i: number): number {
  const rest = sql.slice(i, i + 3);
  if (rest.startsWith('--') || rest.startsWith('#')) {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (rest.startsWith('/*')) {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  let j = i;
  if (/[rRbB]/.test(sql[j]!) && /['"]/.test(sql[j + 1] ?? '') && !/\w/.test(sql[j - 1] ?? '')) j++;
  const q = sql[j];
  if (q !== "'" && q !== '"') return i;
  const raw = j > i && /[rR]/.test(sql[i]!);
  const triple = sql.slice(j, j + 3) === q.repeat(3);
  const close = triple ? q.repeat(3) : q;
  let k = j + close.length;
  while (k < sql.length) {
    if (sql[k] === '\\' && !raw) k += 2;
    else if (sql.startsWith(close, k)) return k + close.length;
    else k++;
  }
  return sql.length;
}
