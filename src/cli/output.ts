/** Where commands report: human lines, or one JSON object per line with --json. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: (s: string) => void = (s) => process.stdout.write(s),
    private readonly stderr: (s: string) => void = (s) => process.stderr.write(s),
    /** Told every event, whatever the mode (target/run_results.json is built from them). */
    private readonly listener?: (obj: object) => void,
  ) {}

  /** The same output with its lines on standard error (standard output carries data, e.g. a change feed). */
  toStderr(): Output {
    return new Output(this.json, this.stderr, this.stderr, this.listener);
  }

  /** A human line (skipped in --json mode unless `always`). */
  say(text: string): void {
    if (!this.json) this.stdout(`${text}\n`);
  }

  /** A JSON object in --json mode; nothing otherwise. */
  event(obj: object): void {
    this.listener?.(obj);
    if (this.json) this.stdout(`${JSON.stringify(obj)}\n`);
  }

  /** Raw text to stdout whatever the mode (compiled SQL). */
  raw(text: string): void {
    this.stdout(text);
  }

  /** `extra`: fields of the command's summary that the JSON object carries too (e.g. unmatched_ids). */
  error(message: string, exitCode: number, extra: object = {}): void {
    this.stderr(`error: ${message}\n`);
    this.event({ ...extra, status: 'error', exit_code: exitCode, error: message });
  }

  /** A `warning: …` line on standard error, whatever the mode (standard output stays data). */
  warn(text: string): void {
    this.stderr(`warning: ${text}\n`);
  }

  /** A `note: …` line on standard error, whatever the mode. */
  note(text: string): void {
    this.stderr(`note: ${text}\n`);
  }

  debug(text: string): void {
    this.stderr(`${text}\n`);
  }
}

/** `table +3` lines for a rows map. */
export function rowsLines(rows: Record<string, number>): string[] {
  const width = Math.max(0, ...Object.keys(rows).map((k) => k.length));
  return Object.entries(rows).map(([table, n]) => `  ${table.padEnd(width)}  ${n >= 0 ? "+" : ""}${n}`);
}
