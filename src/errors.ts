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

  /** The long form, with the SQL and parameters, for --debug and the ledger. */
  detail(): string {
    return `Failed query: ${this.sql}\nparams: ${JSON.stringify(this.params)}\ncause: ${String(this.cause)}`;
  }
}

/** Compile diagnostics are collected, then reported together. */
export interface Diagnostic {
  readonly file: string;
  readonly message: string;
}

export class CompileError extends UsageError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}: ${d.message}`).join('; '));
  }
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return 2;
  return 1;
}
