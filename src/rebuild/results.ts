/** What a rebuild reports: per model, per run, and per batch (the CLI's lines and JSON events are made of these). */

export interface ModelResult {
  readonly model: string;
  readonly stage_table: string;
  readonly mode: 'full' | 'days';
  readonly reason: string;
  readonly days: readonly string[];
  readonly rows: number;
  readonly status: 'succeeded' | 'failed';
  readonly error?: string;
}

export interface RunSummary {
  readonly operation_id: string;
  readonly command: 'run';
  readonly status: 'succeeded' | 'failed';
  readonly rows: Record<string, number>;
  readonly models: readonly ModelResult[];
}

/** Reported after each batch, for progress bars and logs. */
export interface BatchProgress {
  readonly model: string;
  readonly batch: number;
  readonly of: number;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly rows: number;
}
