import Handlebars from 'handlebars';
import { UsageError, type Diagnostic } from '../errors';
import { didYouMean } from '../suggest';

type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/**
 * A diagnostic at a 1-based line and column of `source`, carrying that line for the caret excerpt. `column` counts
 * UTF-16 units, as Handlebars and JavaScript strings do; the diagnostic's column counts code points (characters), so
 * an emoji before the spot counts one, not two.
 */
export function located(file: string, source: string, line: number, column: number, message: string): Diagnostic {
  const text = (source.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  const units = Math.max(1, Math.min(column, text.length + 1));
  return { file, message, at: { line, column: [...text.slice(0, units - 1)].length + 1, text } };
}

/**
 * A helper's refusal of its arguments (`{{json_value "event_data"}}`: no path) at the place of the call; the
 * template's render turns it into a diagnostic with its file, line, column and caret.
 */
export class HelperCallError extends UsageError {
  constructor(
    message: string,
    /** 1-based line, 1-based column in UTF-16 units (as `located` takes it). */
    readonly line: number,
    readonly column: number,
    /** The helper's own error, as thrown (rethrown as is where the template is the package's, see TemplateEnv). */
    readonly original: UsageError,
  ) {
    super(message);
  }
}

/**
 * Handlebars' own names for what it expected, in the template's terms. The raw-block and triple-stash closers
 * (`}}}}`, `}}}`) are left out: neither is allowed in a SQL template, so suggesting them only confuses.
 */
const TOKENS: Readonly<Record<string, string>> = {
  CLOSE: "'}}'",
  CLOSE_SEXPR: "')'",
  OPEN_SEXPR: "'('",
  OPEN: "'{{'",
  OPEN_ENDBLOCK: "'{{/…}}'",
  OPEN_BLOCK_PARAMS: "'as |…|'",
  EQUALS: "'='",
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  BOOLEAN: 'true or false',
  DATA: '@name',
  SEP: "'.'",
  EOF: 'the end of the file',
  CONTENT: 'text',
};

/** An `{{else}}` (or `{{^}}`) where no block is open: said as such, not as the parser's "unexpected inverse". */
const OUTSIDE_BLOCK: Readonly<Record<string, string>> = {
  INVERSE: 'an {{else}} outside a block',
  OPEN_INVERSE: "a '{{^' outside a block",
  OPEN_INVERSE_CHAIN: 'an {{else …}} outside a block',
};

/** What the parser found where it gave up, in plain words (never a token name like "inverse"). */
const FOUND: Readonly<Record<string, string>> = {
  ...TOKENS,
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
  OPEN_BLOCK: "'{{#'",
  OPEN_RAW_BLOCK: "'{{{{'",
  END_RAW_BLOCK: "'{{{{/'",
  OPEN_UNESCAPED: "'{{{'",
  OPEN_PARTIAL: "'{{>'",
  OPEN_PARTIAL_BLOCK: "'{{#>'",
  CLOSE_BLOCK_PARAMS: "'|'",
  COMMENT: 'a comment',
  UNDEFINED: 'undefined',
  NULL: 'null',
  INVALID: 'a character not allowed here',
};

/** The lexer's place when a parse failed (its message gives only a line and a 20-character window). */
function failedAt(): { line: number; column: number; match: string } | null {
  const lexer = (Handlebars as unknown as { Parser?: { lexer?: { yylloc?: { first_line?: number; first_column?: number }; match?: string } } }).Parser?.lexer;
  const loc = lexer?.yylloc;
  if (typeof loc?.first_line !== 'number' || typeof loc.first_column !== 'number') return null;
  return { line: loc.first_line, column: loc.first_column + 1, match: lexer?.match ?? '' };
}

function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
}

function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The last `{{#name` before `offset` without its `{{/name}}`. */
function unclosedBlock(source: string, offset: number): { name: string; offset: number } | null {
  const open: Array<{ name: string; offset: number }> = [];
  for (const m of source.slice(0, offset).matchAll(/\{\{~?\s*([#/^])\s*>?\s*([A-Za-z_][\w.-]*)/g)) {
    if (m[1] === '#') open.push({ name: m[2]!, offset: m.index });
    else if (m[1] === '/') open.pop();
  }
  return open.pop() ?? null;
}

/** A template that failed to parse, as a diagnostic at the place to fix, saying what is wrong. */
export function syntaxDiagnostic(err: unknown, source: string, file: string): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  const e = err as { lineNumber?: unknown; column?: unknown };
  if (typeof e.lineNumber === 'number' && typeof e.column === 'number') {
    // Handlebars' own checks ("if doesn't match each - 7:2"): the place is known, drop it from the text.
    return located(file, source, e.lineNumber, e.column + 1, `template syntax: ${message.split('\n')[0]!.replace(/ - \d+:\d+$/, '')}`);
  }
  const at = /^(Parse|Lexical) error/.test(message) ? failedAt() : null;
  if (!at) return { file, message: `template syntax: ${message.split('\n')[0]}` };
  const got = /got '([A-Z_]+)'/.exec(message)?.[1] ?? 'INVALID';
  const expected = [...new Set((/Expecting (.*), got/.exec(message)?.[1] ?? '').match(/[A-Z_]+/g) ?? [])];
  const offset = offsetOf(source, at.line, at.column);
  if (got === 'EOF' && expected.includes('OPEN_ENDBLOCK')) {
    const block = unclosedBlock(source, offset);
    if (block) {
      const p = lineColumn(source, block.offset);
      return located(file, source, p.line, p.column, `template syntax: {{#${block.name}}} is not closed; add {{/${block.name}}} where the block ends`);
    }
  }
  // The `{{` it belongs to: where the parser stopped at the next `{{` (a line left without `}}`), the one before it.
  const opened = source.lastIndexOf('{{', source.startsWith('{{', offset) ? offset - 1 : offset);
  const unclosed = opened >= 0 && expected.includes('CLOSE') && !source.slice(opened + 2, offset).includes('}}');
  // A mustache may span lines, but one that reaches past a line end into an error was most likely never closed.
  if (unclosed && (got === 'INVALID' || got === 'EOF' || source.slice(opened, offset).includes('\n'))) {
    const p = lineColumn(source, opened);
    const stop = got === 'EOF' ? 'the end of the file' : source.startsWith('{{', offset) ? `the next '{{', ${codePointPlace(source, at.line, at.column)}` : codePointPlace(source, at.line, at.column);
    return located(file, source, p.line, p.column, `template syntax: this '{{' is not closed by '}}' (the parser gave up at ${stop})`);
  }
  const outside = OUTSIDE_BLOCK[got];
  if (outside) {
    const block = unclosedBlock(source, offsetOf(source, at.line, at.column));
    const what = block ? `a second {{else}} in {{#${block.name}}}; a block has at most one (or chain them: {{else if …}})` : `${outside}; it belongs inside {{#if …}} … {{/if}} or {{#each …}} … {{/each}}`;
    return located(file, source, at.line, at.column, `template syntax: ${what}`);
  }
  const found = got === 'INVALID' && at.match !== '' ? `'${at.match}'` : (FOUND[got] ?? (at.match !== '' ? `'${at.match}'` : 'something out of place'));
  const wanted = expected.map((t) => TOKENS[t]).filter((t): t is string => t !== undefined).slice(0, 4);
  return located(file, source, at.line, at.column, `template syntax: unexpected ${found}${wanted.length > 0 ? `; expected ${wanted.join(', ')}` : ''}`);
}

/** `L:C` with the column in code points (the parser's is in UTF-16 units). */
function codePointPlace(source: string, line: number, column: number): string {
  const text = source.split('\n')[line - 1] ?? '';
  return `${line}:${[...text.slice(0, column - 1)].length + 1}`;
}

/** Helpers Handlebars registers for its own use, never called by name in a template. */
const INTERNAL_HELPERS = new Set(['helperMissing', 'blockHelperMissing']);

/** Every call of a helper that is not registered (`{{json_valu …}}`), with the nearest registered name. */
export function unknownHelpers(ast: hbs.AST.Program, known: ReadonlySet<string>, file: string, source: string): Diagnostic[] {
  const names = [...known].filter((n) => !INTERNAL_HELPERS.has(n));
  const found: Diagnostic[] = [];
  visit(ast, (call) => {
    const isCall = call.type === 'SubExpression' || call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
    if (!isCall || call.path.type !== 'PathExpression') return;
    const p = call.path as hbs.AST.PathExpression;
    if (p.data || p.depth > 0 || p.parts.length !== 1 || known.has(p.original)) return;
    found.push(located(file, source, p.loc.start.line, p.loc.start.column + 1, `unknown helper '${p.original}'${didYouMean(p.original, names)}`));
  });
  return found;
}

/**
 * Every hash option (`typ="timestamp"`) a built-in helper does not take, with the nearest one it does: `accepted`
 * lists each checked helper's options (a helper not in it, or with null, is not checked).
 */
export function unknownHashOptions(ast: hbs.AST.Program, accepted: Readonly<Record<string, readonly string[] | null>>, file: string, source: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(ast, (call) => {
    if (call.path.type !== 'PathExpression') return;
    const p = call.path as hbs.AST.PathExpression;
    if (p.data || p.depth > 0 || p.parts.length !== 1 || !Object.prototype.hasOwnProperty.call(accepted, p.original)) return;
    const options = accepted[p.original];
    if (!options) return;
    for (const pair of call.hash?.pairs ?? []) {
      if (options.includes(pair.key)) continue;
      const takes = options.length === 0 ? 'takes no options' : `takes ${options.map((o) => `${o}=`).join(', ')}`;
      const guess = didYouMean(pair.key, options);
      found.push(located(file, source, pair.loc.start.line, pair.loc.start.column + 1, `${p.original} has no option '${pair.key}'${guess || ` (it ${takes})`}`));
    }
  });
  return found;
}

/** Every path written in a template, by the `line:column` (0-based column) where it starts. */
export function pathsByPlace(ast: hbs.AST.Program): Map<string, hbs.AST.PathExpression> {
  const paths = new Map<string, hbs.AST.PathExpression>();
  const add = (e: hbs.AST.Node | undefined): void => {
    if (e?.type === 'PathExpression') paths.set(`${e.loc.start.line}:${e.loc.start.column}`, e as hbs.AST.PathExpression);
  };
  visit(ast, (call) => {
    add(call.path);
    for (const p of call.params) add(p);
    for (const pair of call.hash?.pairs ?? []) add(pair.value);
  });
  return paths;
}

/**
 * "'tabels' is not defined (in 'tabels.exceptions'); did you mean 'tables'?": the first segment of `path` missing
 * from `context`, with the nearest name of the object it was looked up in (`extra`: names valid at the top, such as
 * the helpers `{{events}}`), or null when every segment is there (a lookup inside a block, whose context differs).
 */
export function undefinedPathMessage(path: hbs.AST.PathExpression, context: object, extra: readonly string[]): string | null {
  if (path.data || path.depth > 0 || path.parts.length === 0 || /^(this|\.)([./]|$)/.test(path.original)) return null;
  let node: unknown = context;
  for (const [i, part] of path.parts.entries()) {
    const here = node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : null;
    if (here && Object.prototype.hasOwnProperty.call(here, part)) {
      node = here[part];
      continue;
    }
    const names = here ? Object.keys(here).concat(i === 0 ? extra : []) : [];
    const within = path.parts.length > 1 ? ` (in '${path.original}')` : '';
    const guess = didYouMean(part, names);
    return `'${part}' is not defined${within}${guess || ' (a misspelt name, or an argument not given?)'}`;
  }
  return null;
}

function visit(node: Node | null | undefined, onCall: (call: Call) => void): void {
  if (!node) return;
  switch (node.type) {
    case 'Program':
      for (const child of (node as hbs.AST.Program).body) visit(child, onCall);
      return;
    case 'MustacheStatement':
    case 'BlockStatement':
    case 'SubExpression': {
      const call = node as Call;
      onCall(call);
      for (const p of call.params) visit(p, onCall);
      for (const pair of call.hash?.pairs ?? []) visit(pair.value, onCall);
      if (node.type === 'BlockStatement') {
        visit((node as hbs.AST.BlockStatement).program, onCall);
        visit((node as hbs.AST.BlockStatement).inverse, onCall);
      }
      return;
    }
    default:
      return;
  }
}
