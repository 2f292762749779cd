/** What every way of writing an import shares: its options, its operation, the lookups and messages. */
import { runnerStatement, type RunContext } from '../compiler/statements';
import { addDays, dayStart } from '../compiler/days';
import type { Statement } from '../compiler/sql';
import { UsageError } from '../errors';
import { writeFileSafely } from '../fs/safe-write';
import type { LedgerEntry } from '../ledger/ledger';
import type { Outcome } from '../ledger/recorded-operation';
import { operationRows } from '../operations/run-operation';
import type { AppendColumn, Warehouse } from '../targets/warehouse';
import type { RejectedLine } from './read-lines';
import { EXISTING_IDS } from './sql';
/** The event table's columns as rows are appended to a table of them (event_data as its JSON text). */
export const EVENT_APPEND_COLUMNS: readonly AppendColumn[] = [
  { name: 'event_id', type: 'string' },
  { name: 'event_created_at', type: 'timestamp' },
  { name: 'event_name', type: 'string' },
  { name: 'user_id', type: 'string' },
  { name: 'event_external_reference_id', type: 'string' },
  { name: 'event_advisor_id', type: 'string' },
  { name: 'event_data', type: 'string' },
  { name: 'event_ingested_at', type: 'timestamp' },
];

export interface ImportOptions {
  readonly description: string;
  readonly mode: 'update' | 'insert' | 'detect';
  readonly keepExtra: boolean;
}


/** Writes the rejected lines with their reasons beside the file; its name, or null when none was rejected. */
export function writeRejected(file: string, rejected: readonly RejectedLine[]): string | null {
  if (rejected.length === 0) return null;
  const rejectedFile = `${file}.rejected.ndjson`;
  writeFileSafely(rejectedFile, rejected.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return rejectedFile;
}

/** The usage error of a file with no importable line. */
export function noEvents(file: string, rejected: readonly RejectedLine[], rejectedFile: string | null): UsageError {
  return new UsageError(`${file}: no event could be imported (${rejected.length} line(s) rejected${rejectedFile ? `, reasons in ${rejectedFile}` : ''}${rejected[0] ? `; line ${rejected[0].line}: ${rejected[0].reason}` : '; the file is empty'})`);
}


/** One import's operation: its id, what its exceptions are written with, and its ledger entry. */
export interface ImportRun {
  readonly operationId: string;
  readonly written: { readonly op_ts: Date; readonly description: string; readonly operation_id: string };
  /** Records the file as applied (by checksum), in the import's transaction. */
  readonly record: Statement;
  readonly entry: LedgerEntry;
}


/** The rows the import's operation wrote: what its ledger entry records, in the import's transaction. */
export const importedRows = (wh: Warehouse, ctx: RunContext, run: ImportRun) => async (): Promise<Outcome> => ({ status: 'succeeded', rows: await operationRows(wh, ctx, run.operationId) });


export async function existingIds(wh: Warehouse, ctx: RunContext, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    for (const r of (await wh.run(runnerStatement(ctx, EXISTING_IDS, { event_ids: unique.slice(i, i + 1000) }))).rows) found.add(String(r['event_id']));
  }
  return found;
}

/** Events created before this are reported as old (many downstream tools refuse old data). */
export function ageLimit(ctx: RunContext): Date {
  return addDays(dayStart(ctx.asOf), -ctx.project.vars.import_max_age_days);
}

