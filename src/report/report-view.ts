import { SHORT_ID } from '../cli/ledger-table';
import type { Row } from '../targets/warehouse';
import { fullNumber, panel, shortDay, type PanelView } from './report-chart';
import { timeText, type DayFigures, type LedgerEntry, type ReportData } from './report-data';

/** What report.html renders: every value is text or numbers (Handlebars escapes all of it). */
export interface ReportView {
  readonly title: string;
  readonly as_of: string;
  readonly range: string;
  readonly summary: ReturnType<typeof summary>;
  readonly panels: readonly PanelView[];
  readonly days: ReadonlyArray<Record<string, unknown>>;
  readonly ledger: ReadonlyArray<Record<string, unknown>>;
  readonly operation: Record<string, unknown> | null;
  readonly checks: ReadonlyArray<Record<string, unknown>>;
  /** The collapsible SQL sections the ids link to: the ledger's entries, and the --operation one when older. */
  readonly sql_sections: ReadonlyArray<Record<string, unknown>>;
}

/** The page's content from the report's figures: charts, summary, tables. Pure. */
export function reportView(data: ReportData): ReportView {
  const first = data.days[0]?.day ?? '';
  const ledger = data.ledger.map(ledgerRow);
  const operation = data.operation === null ? null : operationView(data.operation);
  const shown = operation === null || ledger.some((e) => e['operation_id'] === operation['operation_id']);
  const last = data.days[data.days.length - 1]?.day ?? '';
  return {
    title: `${data.project} (${data.target})`,
    as_of: data.as_of.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
    range: `${first} to ${last}`,
    summary: summary(data),
    panels: [
      panel('chart-rows', 'Rows per day', 'original events, and the stage tables now and after the next run', data.days, [
        { key: 'original', label: 'original', cls: 's-original' },
        { key: 'stage_before', label: 'stage now', cls: 's-before' },
        { key: 'stage_after', label: 'stage after next run', cls: 's-after' },
      ]),
      panel('chart-corrections', 'Corrections per day', 'rows in the side tables, on their own scale', data.days, [
        { key: 'exceptions', label: 'exceptions', cls: 's-exceptions' },
        { key: 'exclusions', label: 'exclusions', cls: 's-exclusions' },
      ]),
    ],
    days: [...data.days].reverse().filter(active).map(dayRow),
    ledger,
    operation,
    sql_sections: shown ? ledger : [...ledger, operation],
    // Failures first: they are what the reader came for.
    checks: [...data.checks].sort((a, b) => Number(b.status === 'fail') - Number(a.status === 'fail')).map((c) => ({
      status: c.status,
      cls: c.status === 'pass' ? 'ok' : 'bad',
      model: c.model ?? 'side tables',
      check: c.check,
      sample: sampleLines(c.sample),
    })),
  };
}

function summary(data: ReportData) {
  const failed = data.checks.filter((c) => c.status === 'fail');
  const changed = data.days.filter(changes);
  return {
    checks_passed: data.checks.length - failed.length,
    checks_failed: failed.length,
    failed_checks: failed.map((c) => `${c.model ?? 'side tables'}: ${c.check}`),
    changed_days: changed.length,
    days_shown: data.days.length,
    removed_rows: fullNumber(changed.reduce((n, d) => n + d.stage_removed, 0)),
    added_rows: fullNumber(changed.reduce((n, d) => n + d.stage_added, 0)),
    pending: data.pending.map((p) => ({
      model: p.model,
      what: p.mode === 'full' ? 'the whole table' : `${p.days.length} day${p.days.length === 1 ? '' : 's'}`,
      reason: p.reason,
      touched: dayRanges(p.touched_days),
    })),
    last_runs: data.last_runs.map((r) => ({
      model: r.model,
      at: r.at ?? 'never',
      status: r.status ?? (r.at === null ? 'not run' : ''),
      status_cls: statusClass(r.status ?? ''),
      short_id: r.operation_id === null ? '' : r.operation_id.slice(0, SHORT_ID),
      operation_id: r.operation_id ?? '',
      anchor: r.operation_id === null ? '' : anchor(r.operation_id),
    })),
  };
}

/** Whether the next run changes the day's stage rows. */
function changes(d: DayFigures): boolean {
  return d.stage_removed + d.stage_added > 0 || d.stage_before !== d.stage_after;
}

/** `Nov 5–7, Nov 10`: days (ascending ISO) as runs of consecutive days. */
export function dayRanges(days: readonly string[]): string {
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${prev}T00:00:00Z`) === 86_400_000) run.push(day);
    else runs.push([day]);
  }
  return runs.map((r) => (r.length === 1 ? shortDay(r[0]!) : `${shortDay(r[0]!)}–${sameMonth(r[0]!, r[r.length - 1]!) ? Number(r[r.length - 1]!.slice(8)) : shortDay(r[r.length - 1]!)}`)).join(', ');
}

function sameMonth(a: string, b: string): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

function active(d: DayFigures): boolean {
  return d.original + d.exceptions + d.exclusions + d.stage_before + d.stage_after > 0;
}

function dayRow(d: DayFigures): Record<string, unknown> {
  return {
    day: d.day,
    short_day: shortDay(d.day),
    original: fullNumber(d.original),
    exceptions: fullNumber(d.exceptions),
    exclusions: fullNumber(d.exclusions),
    stage_before: fullNumber(d.stage_before),
    stage_after: fullNumber(d.stage_after),
    removed: d.stage_removed > 0 ? `−${fullNumber(d.stage_removed)}` : '',
    added: d.stage_added > 0 ? `+${fullNumber(d.stage_added)}` : '',
    changes: changes(d),
  };
}

function ledgerRow(e: LedgerEntry): Record<string, unknown> {
  return {
    operation_id: e.operation_id,
    short_id: e.operation_id.slice(0, SHORT_ID),
    anchor: anchor(e.operation_id),
    what: breakable(operationName(e.command, e.macro)),
    // Tables it wrote nothing to are left out (every operation records each side table).
    rows: e.rows.filter((r) => r.count !== 0).map((r) => breakable(`${r.table} ${r.count > 0 ? '+' : '−'}${fullNumber(Math.abs(r.count))}`)),
    description: e.description,
    run_by: e.run_by,
    when: e.started_at.slice(0, 16),
    when_full: `started ${e.started_at} UTC${e.finished_at ? `, finished ${e.finished_at} UTC` : ''}`,
    status: e.status,
    status_cls: statusClass(e.status),
    sql: e.sql,
  };
}

/** The one operation shown in full (--operation): its fields, JSON pretty-printed, and its SQL. */
function operationView(op: Row): Record<string, unknown> {
  const fields = Object.entries(op)
    .filter(([k]) => k !== 'sql_text')
    .map(([name, v]) => {
      const time = v instanceof Date ? timeText(v) : null;
      const value = time ?? (typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : String(v ?? ''));
      return { name, value, block: value.includes('\n') };
    });
  const id = String(op['operation_id']);
  const started = timeText(op['started_at']) ?? '';
  const what = breakable(operationName(String(op['command']), op['macro'] ? String(op['macro']) : null));
  return { operation_id: id, short_id: id.slice(0, SHORT_ID), anchor: anchor(id), fields, what, when: started.slice(0, 16), sql: String(op['sql_text'] ?? '') };
}

/** Pieces of a long name, each ending after a `_` or `.`: the page lets a line break between them (`<wbr>`). */
function breakable(text: string): string[] {
  return text.split(/(?<=[_.])/);
}

/** `update_event_data` for a run-operation (the macro says it), `apply add_duplicates_to_exclusions`, `run`. */
function operationName(command: string, macro: string | null): string {
  if (macro === null) return command;
  return command === 'run-operation' ? macro : `${command} ${macro}`;
}

/** The fragment of an operation's SQL section: ids are UUIDs, anything else is made fragment-safe. */
function anchor(operationId: string): string {
  return `sql-${operationId.replace(/[^0-9A-Za-z-]/g, '_')}`;
}

/** A check's offending rows by problem: `missing from stage (3): a, b, c`. */
function sampleLines(sample: ReadonlyArray<Record<string, unknown>>): Array<{ problem: string; ids: string[] }> {
  const byProblem = new Map<string, string[]>();
  for (const row of sample) {
    const problem = row['problem'] === undefined ? 'offending' : String(row['problem']);
    const rest = Object.entries(row).filter(([k]) => k !== 'problem').map(([, v]) => String(v)).join(' ');
    byProblem.set(problem, [...(byProblem.get(problem) ?? []), rest]);
  }
  return [...byProblem].map(([problem, ids]) => ({ problem: `${problem} (${ids.length})`, ids: ids.map((id, i) => (i < ids.length - 1 ? `${id},` : id)) }));
}

function statusClass(status: string): string {
  if (status === 'succeeded') return 'ok';
  if (status === 'failed' || status === 'interrupted') return 'bad';
  if (status === 'reverted') return 'muted';
  return 'warn';
}
