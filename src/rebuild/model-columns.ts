import { codeOnly } from '../compiler/sql-text';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** A select item whose output name can be read from the text: `name`, `t.name`, or `… AS name`. */
const ITEM = new RegExp(`^(?:(?:${NAME}\\.)?(${NAME})|[\\s\\S]*\\bas\\s+(${NAME}))$`, 'i');

/**
 * The output columns of a model (rendered with `{{events}}` a bare name), read from the text of its outermost
 * SELECT list, for when no warehouse can be asked (`compile run`): each item a column, `t.column` or `… AS name`.
 * Null when any item is something else (`*`, an expression without AS): the caller says it cannot tell.
 */
export function modelColumns(modelSql: string, backslashEscapes: boolean): string[] | null {
  return modelItems(modelSql, backslashEscapes)?.map((i) => i.name) ?? null;
}

/** The outermost SELECT list's items, each its text and output name (lower case); null as for `modelColumns`. */
export function modelItems(modelSql: string, backslashEscapes: boolean): Array<{ readonly text: string; readonly name: string }> | null {
  const code = codeOnly(modelSql, backslashEscapes);
  const items: string[] = [];
  let depth = 0;
  let start = -1;
  for (const m of code.matchAll(/[()]|,|\bselect\b|\bfrom\b/gi)) {
    const token = m[0].toLowerCase();
    const at = m.index;
    if (token === '(') depth++;
    else if (token === ')') depth--;
    else if (depth !== 0) continue;
    else if (token === 'select' && start < 0) start = at + token.length;
    else if (token === ',' && start >= 0) {
      items.push(code.slice(start, at));
      start = at + 1;
    } else if (token === 'from' && start >= 0) {
      items.push(code.slice(start, at));
      break;
    }
  }
  if (items.length === 0) return null;
  const texts = items.map((item) => item.trim().replace(/^distinct\s+/i, ''));
  const names = texts.map((text) => ITEM.exec(text));
  if (names.some((n) => n === null)) return null;
  return names.map((n, i) => ({ text: texts[i]!, name: (n![1] ?? n![2]!).toLowerCase() }));
}
