/** Splits SQL text into code and quoted/comment pieces, so text edits never touch a literal. */
interface Piece {
  readonly code: boolean;
  readonly text: string;
}

/** Where a literal or comment may start: a quote, `--`, `/*` or `$`. */
const OPENER = /['"`$]|--|\/\*/g;

function pieces(text: string, backslashEscapes: boolean): Piece[] {
  const out: Piece[] = [];
  let from = 0; // start of the code not yet pushed
  const opener = new RegExp(OPENER);
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const i = m.index;
    const c = m[0]![0]!;
    let end = -1;
    if (c === "'" || c === '"' || c === '`') end = quoteEnd(text, i, c, backslashEscapes);
    else if (c === '-') end = lineEnd(text, i);
    else if (c === '/') end = blockCommentEnd(text, i);
    else end = dollarQuoteEnd(text, i);
    if (end < 0) continue; // a `$` that opens nothing: code
    if (i > from) out.push({ code: true, text: text.slice(from, i) });
    out.push({ code: false, text: text.slice(i, end) });
    from = end;
    opener.lastIndex = end;
  }
  if (from < text.length) out.push({ code: true, text: text.slice(from) });
  return out;
}

function quoteEnd(text: string, start: number, q: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === q && text[i + 1] === q) i += 2;
    else if (c === q) return i + 1;
    else i += 1;
  }
  return text.length;
}

/** PostgreSQL dollar quoting (`$$…$$`, `$body$…$body$`): function bodies hold semicolons. */
function dollarQuoteEnd(text: string, start: number): number {
  const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(start, start + 64));
  if (!tag || /[A-Za-z0-9_]/.test(text[start - 1] ?? '')) return -1;
  const close = text.indexOf(tag[0], start + tag[0].length);
  return close < 0 ? text.length : close + tag[0].length;
}

function lineEnd(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl;
}

function blockCommentEnd(text: string, start: number): number {
  const close = text.indexOf('*/', start + 2);
  return close < 0 ? text.length : close + 2;
}

/** Statements of a script, split on `;` outside literals and comments; empty ones dropped. */
export function splitStatements(text: string, backslashEscapes = false): string[] {
  const statements: string[] = [];
  let current = '';
  for (const p of pieces(text, backslashEscapes)) {
    if (!p.code) {
      current += p.text;
      continue;
    }
    const parts = p.text.split(';');
    for (let k = 0; k < parts.length; k++) {
      current += parts[k];
      if (k < parts.length - 1) {
        statements.push(current);
        current = '';
      }
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => hasCode(s, backslashEscapes));
}

function hasCode(statement: string, backslashEscapes: boolean): boolean {
  return pieces(statement, backslashEscapes).some((p) => !p.code ? !p.text.startsWith('--') && !p.text.startsWith('/*') : p.text.trim() !== '');
}

/** Drops blank lines and trailing spaces in the code between literals, leaving every literal byte-identical. */
export function tidySql(text: string, backslashEscapes = false): string {
  const out = pieces(text, backslashEscapes)
    .map((p) => (p.code ? p.text.replace(/[ \t]+\n/g, '\n').replace(/\n(\s*\n)+/g, '\n') : p.text))
    .join('');
  return out.replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/** The code of a statement with its literals and comments blanked out, for scanning. */
export function codeOnly(text: string, backslashEscapes = false): string {
  return pieces(text, backslashEscapes)
    .map((p) => (p.code ? p.text : ' '))
    .join('');
}

/** `text` with every match of `pattern` (a global RegExp) in its code replaced; literals and comments untouched. */
export function replaceInCode(text: string, backslashEscapes: boolean, pattern: RegExp, by: (match: string) => string): string {
  return pieces(text, backslashEscapes)
    .map((p) => (p.code ? p.text.replace(pattern, by) : p.text))
    .join('');
}
