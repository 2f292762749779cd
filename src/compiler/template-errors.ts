import Handlebars from 'handlebars';
import type { Diagnostic } from '../errors';
import { didYouMean } from '../suggest';

type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** A diagnostic at a 1-based line and column of `source`, carrying that line for the caret excerpt. */
export function located(file: string, source: string, line: number, column: number, message: string): Diagnostic {
  const text = (source.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  return { file, message, at: { line, column: Math.max(1, Math.min(column, text.length + 1)), text } };
}

/** Handlebars' own names for what it expected or found, in the template's terms. */
const TOKENS: Readonly<Record<string, string>> = {
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
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
  const opened = source.lastIndexOf('{{', offset);
  const unclosed = opened >= 0 && expected.includes('CLOSE') && !source.slice(opened + 2, offset).includes('}}');
  // A mustache may span lines, but one that reaches past a line end into an error was most likely never closed.
  if (unclosed && (got === 'INVALID' || got === 'EOF' || source.slice(opened, offset).includes('\n'))) {
    const p = lineColumn(source, opened);
    const stop = got === 'EOF' ? 'the end of the file' : `${at.line}:${at.column}`;
    return located(file, source, p.line, p.column, `template syntax: this '{{' is not closed by '}}' (the parser gave up at ${stop})`);
  }
  const found = got === 'INVALID' && at.match !== '' ? `'${at.match}'` : (TOKENS[got] ?? got.toLowerCase());
  const wanted = expected.map((t) => TOKENS[t]).filter((t): t is string => t !== undefined).slice(0, 4);
  return located(file, source, at.line, at.column, `template syntax: unexpected ${found}${wanted.length > 0 ? `; expected ${wanted.join(', ')}` : ''}`);
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
