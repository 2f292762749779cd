import path from 'node:path';

/** Bad usage or bad input: reported in one line, exit code 2, nothing written. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** A failed operation or model (SQL error, failed check): exit code 1. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A warehouse call that failed, carrying the SQL, its parameters and the driver's error. */
export class WarehouseError extends Error {
  override readonly name = 'WarehouseError';
  readonly exitCode = 1;
  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
    override readonly cause: unknown,
  ) {
    super(firstLine(cause));
  }

  /** Whether the warehouse refused it for lack of a permission (BigQuery 403 accessDenied, PostgreSQL 42501). */
  get deniedAccess(): boolean {
    const c = this.cause as { code?: unknown; errors?: Array<{ reason?: unknown }> } | null;
    if (c === null || typeof c !== 'object') return false;
    return c.code === 403 || c.code === '42501' || (c.errors ?? []).some((e) => e.reason === 'accessDenied');
  }

  /** The long form, with the SQL and parameters, for --debug and the ledger. */
  detail(): string {
    return `Failed query: ${this.sql}\nparams: ${JSON.stringify(this.params)}\ncause: ${String(this.cause)}`;
  }
}

/** Compile diagnostics are collected, then reported together. */
export interface Diagnostic {
  readonly file: string;
  readonly message: string;
  /** Where in the file (1-based line and column), with the text of that line, when the problem has a place. */
  readonly at?: { readonly line: number; readonly column: number; readonly text: string };
}

export class CompileError extends UsageError {
  /** `baseDir`: files inside it are shown relative to it (`models/x.sql`). */
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly baseDir?: string,
  ) {
    super(diagnostics.map((d) => `${shownFile(d.file, baseDir)}${d.at ? `:${d.at.line}:${d.at.column}` : ''}: ${d.message}`).join('; '));
  }

  /** The offending lines with a caret under the column (`  7 | …` / `    |    ^`), after the one-line message. */
  excerpts(): string[] {
    return this.diagnostics.flatMap((d) => {
      if (!d.at) return [];
      const gutter = String(d.at.line);
      // The column counts code points: one pad character per character before the spot (a tab kept as a tab).
      const pad = [...d.at.text].slice(0, d.at.column - 1).map((c) => (c === '\t' ? c : ' ')).join('');
      return [`  ${gutter} | ${d.at.text}`, `  ${' '.repeat(gutter.length)} | ${pad}^`];
    });
  }
}

function shownFile(file: string, baseDir: string | undefined): string {
  if (baseDir === undefined) return file;
  const rel = path.relative(baseDir, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return 2;
  return 1;
}
