import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TimestampText } from '../compiler/dialect';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { MAX_JSON_DEPTH } from '../compiler/strict-json';
import type { Instant } from '../compiler/timestamps';
import { firstLine, OperationError, UsageError } from '../errors';
import { recordedOperation, withLock } from '../ledger/recorded-operation';
import { driverMethod, type AppendColumn, type Warehouse } from '../targets/warehouse';
import { fileChecksum, holdsVerticalSpace, isGzip, MAX_LINE_BYTES, readEvents, type Row } from './read-lines';
import { nextActionTimestamp } from '../operations/run-operation';
import { ageLimit, EVENT_APPEND_COLUMNS, existingIds, importedRows, noEvents, writeRejected, type ImportOptions, type ImportRun } from './import-run';
import { writeStreamed } from './streamed-import';
import { PLAIN_LINE_RE2, PLAIN_TIMESTAMP } from './plain-line';

export { EVENT_APPEND_COLUMNS, type ImportOptions } from './import-run';
import { requireMigrated } from '../ledger/migrations';
import { FILE_DIRECT, FROM_STAGING, IMPORT_EXCEPTIONS, IMPORT_SEEN, OLD_EVENTS, REPEATED_IDS, STAGING_CREATE } from './sql';
import { DROP_WORK } from '../rebuild/sql';
import { APPLIED_BACKFILLS_RECORD } from '../operations/sql';

const BATCH = 500;
/**
 * The timestamps DuckDB reads itself (others go to the line reader, which explains or converts them): UTC, to the
 * microsecond, years MIN_YEAR–MAX_YEAR (1900–9000), hours 00–23 (a cast reads 24:00 as the next day).
 */
const DIRECT_TIMESTAMP = `^${PLAIN_TIMESTAMP}$`;
const STAGING_COLUMNS: readonly AppendColumn[] = [...EVENT_APPEND_COLUMNS, { name: 'is_event_update', type: 'bool' }, { name: 'exception_seq', type: 'int' }];


export interface ImportSummary {
  readonly operation_id: string | null;
  readonly command: 'import';
  readonly status: 'succeeded' | 'already imported';
  readonly rows: Record<string, number>;
  readonly imported: number;
  readonly rejected: number;
  readonly rejected_file: string | null;
  readonly old_events: number;
}

/**
 * Imports corrected or missing events as exceptions of one operation (one transaction). Rejected lines go to
 * `<file>.rejected.ndjson`; the same file imported twice writes nothing the second time.
 */
export async function importEvents(wh: Warehouse, ctx: RunContext, file: string, opts: ImportOptions): Promise<ImportSummary> {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  // DuckDB reads the file itself when every line is taken as it is; otherwise that attempt leaves nothing behind.
  const checksum = await fileChecksum(file);
  const done = wh.adapter.readsLocalFiles && !opts.keepExtra ? await writeImport(wh, ctx, file, checksum, opts, { direct: true }) : null;
  if (done) return done;
  if (wh.adapter.appendsWithinTransaction) return (await writeImport(wh, ctx, file, checksum, opts, { streamed: true }))!;
  const { rows, rejected } = await readEvents(file, opts.keepExtra);
  const rejectedFile = writeRejected(file, rejected);
  if (rows.length === 0) throw noEvents(file, rejected, rejectedFile);
  return (await writeImport(wh, ctx, file, checksum, opts, { rows, rejected: rejected.length, rejectedFile }))!;
}

/** Thrown inside the direct import's transaction when some line was not taken as it is: it rolls back. */
class NotTakenAsIs extends Error {}

/** Drops `schema.table`, or a temporary table named without a schema. */
async function dropTable(wh: Warehouse, ctx: RunContext, table: string): Promise<void> {
  const d = ctx.compiled.env.dialect;
  const work = new Sql(table.includes('.') ? d.quoteTable(table) : d.quoteIdent(table));
  for (const s of runnerStatements(ctx, DROP_WORK, { work_table: work })) await wh.run(s);
}

type Source = { readonly direct: true } | { readonly rows: Row[]; readonly rejected: number; readonly rejectedFile: string | null } | { readonly streamed: true };

/**
 * Writes the events as exceptions of one operation, in one transaction, once per file (by checksum). A file DuckDB
 * reads itself (`direct`) is written together with the operation's ledger row, so an attempt in which some line
 * is not taken as it is leaves nothing behind: null is returned, and the line-by-line reader takes the file.
 */
async function writeImport(wh: Warehouse, ctx: RunContext, file: string, checksum: string, opts: ImportOptions, source: Source): Promise<ImportSummary | null> {
  await requireMigrated(wh, ctx);
  const name = `import:${checksum}`;
  const base = 'rows' in source ? { command: 'import' as const, rejected: source.rejected, rejected_file: source.rejectedFile } : { command: 'import' as const, rejected: 0, rejected_file: null };
  const oldEvents = async (operationId: string): Promise<number> =>
    'rows' in source ? countOld(source.rows, ctx) : Number((await wh.run(runnerStatement(ctx, OLD_EVENTS, { operation_id: operationId, limit: ageLimit(ctx) }))).rows[0]?.['old_events'] ?? 0);
  return withLock(wh, ctx, 'side-tables', async () => {
    const seen = (await wh.run(runnerStatement(ctx, IMPORT_SEEN, { name }))).rows[0];
    if (seen) {
      const operationId = String(seen['operation_id']);
      return { ...base, old_events: await oldEvents(operationId), operation_id: operationId, status: 'already imported', rows: {}, imported: 0 };
    }
    const operationId = crypto.randomUUID();
    const written = { op_ts: await nextActionTimestamp(wh, ctx), description: opts.description, operation_id: operationId };
    const record = runnerStatement(ctx, APPLIED_BACKFILLS_RECORD, { backfill_name: name, checksum, operation_id: operationId, applied_at: new Date() });
    const entry = { operationId, command: 'import', macro: null, args: { file, description: opts.description, mode: opts.mode, checksum }, statements: [] };
    wh.setLabels?.({ backfill_operation_id: operationId });
    const run: ImportRun = { operationId, written, record, entry };
    if ('streamed' in source) {
      const done = await writeStreamed(wh, ctx, file, opts, run);
      return { command: 'import', rejected: done.rejected, rejected_file: done.rejectedFile, old_events: done.oldEvents, operation_id: operationId, status: 'succeeded', rows: done.counts, imported: done.imported };
    }
    const done = 'direct' in source ? await writeDirect(wh, ctx, file, opts, run) : await writeRows(wh, ctx, opts, run, source.rows);
    if (done === null) return null;
    return { ...base, old_events: await oldEvents(operationId), operation_id: operationId, status: 'succeeded', rows: done.counts, imported: done.imported };
  });
}

/**
 * DuckDB reads the file itself: the ledger entry, the exceptions and the file's record in one transaction. Null
 * (rolled back, no entry left) when some line was not taken as it is.
 */
async function writeDirect(wh: Warehouse, ctx: RunContext, file: string, opts: ImportOptions, run: ImportRun): Promise<{ counts: Record<string, number>; imported: number } | null> {
  const direct = runnerStatements(ctx, FILE_DIRECT, { ...run.written, file: path.resolve(file), gzip: isGzip(file), max_line_bytes: MAX_LINE_BYTES, max_depth: MAX_JSON_DEPTH, timestamp_pattern: DIRECT_TIMESTAMP, plain_line_pattern: PLAIN_LINE_RE2, detect: opts.mode === 'detect', is_update: opts.mode === 'update' });
  let inserted = 0;
  // Read while DuckDB writes (its answer is awaited before the commit).
  const verticalSpace = holdsVerticalSpace(file).catch(() => true);
  try {
    const { outcome } = await recordedOperation(wh, ctx, {
      ledger: run.entry,
      // The entry commits with the data or not at all: a rolled back attempt leaves no entry (the line reader follows).
      commit: 'with-start',
      work: async () => {
        // A line not taken as it is fails the INSERT (file_direct.duckdb.sql): every line read is written, or none.
        for (const s of direct) inserted += (await wh.run(s)).rowsChanged;
        if (inserted === 0 || (await verticalSpace)) throw new NotTakenAsIs();
        // DuckDB writes the lines in no particular order: an id given twice needs the line reader's line numbers.
        if (Number((await wh.run(runnerStatement(ctx, REPEATED_IDS, { operation_id: run.operationId }))).rows[0]?.['repeated'] ?? 0) > 0) throw new NotTakenAsIs();
        await wh.run(run.record);
      },
      outcome: importedRows(wh, ctx, run),
    });
    return { counts: outcome.rows, imported: inserted };
  } catch {
    // Rolled back: a line DuckDB did not take as it is (or could not read) goes to the line reader. The
    // template's last statement restores the session setting its first one changed.
    await wh.run(direct[direct.length - 1]!).catch(() => undefined);
    return null;
  }
}

/** The line reader's events: staged (DuckDB's appender) or as literals, then written in one recorded transaction. */
async function writeRows(wh: Warehouse, ctx: RunContext, opts: ImportOptions, run: ImportRun, rows: readonly Row[]): Promise<{ counts: Record<string, number>; imported: number }> {
  const existing = opts.mode === 'detect' ? await existingIds(wh, ctx, rows.map((r) => String(r['event_id']))) : new Set<string>();
  // exception_seq: the line's order, so of one id imported twice the later line wins (SPEC §3 rule 2).
  const flagged: Row[] = rows.map((r, i) => ({ ...r, is_event_update: opts.mode === 'update' || (opts.mode === 'detect' && existing.has(String(r['event_id']))), exception_seq: i + 1 }));
  const statements: Statement[] = [];
  let stagingName: string | null = null; // the appender's staging table, dropped here whatever happens
  let counts: Record<string, number>;
  try {
    if (wh.adapter.appendsRows) {
      stagingName = `${ctx.project.config.tables.framework_schema}.__import_${run.operationId.slice(0, 8)}`;
      statements.push(...(await stagedInserts(wh, ctx, run, stagingName, flagged)));
    } else statements.push(...literalInserts(ctx, run, flagged));
    statements.push(run.record);
    const recorded = await recordedOperation(wh, ctx, {
      ledger: run.entry,
      commit: 'with-finish',
      work: async () => {
        for (const s of statements) await wh.run(s);
      },
      outcome: importedRows(wh, ctx, run),
      failure: (err) => new OperationError(`import ${run.operationId} failed, nothing was written: ${firstLine(err)}`, { cause: err }),
    });
    counts = recorded.outcome.rows;
    if (stagingName) {
      const dropped = stagingName;
      stagingName = null;
      await dropTable(wh, ctx, dropped);
    }
  } finally {
    // After a failure anywhere (appender, ledger, data) the staging table goes too; the failure is what is reported.
    if (stagingName) await dropTable(wh, ctx, stagingName).catch(() => undefined);
  }
  return { counts, imported: flagged.length };
}

/**
 * DuckDB: the appender fills a staging table; one INSERT … SELECT makes them exceptions in the transaction.
 * Timestamps go in as microseconds, event_data as the JSON text read (its numbers as written).
 */
async function stagedInserts(wh: Warehouse, ctx: RunContext, run: ImportRun, stagingName: string, flagged: readonly Row[]): Promise<Statement[]> {
  const staging = new Sql(ctx.compiled.env.dialect.quoteTable(stagingName));
  for (const s of runnerStatements(ctx, STAGING_CREATE, { staging })) await wh.run(s);
  const cell = (r: Row, c: AppendColumn): unknown => (c.type === 'timestamp' && r[c.name] !== null ? (r[c.name] as Instant).micros : r[c.name]);
  await driverMethod(wh, 'appendRows')(stagingName, STAGING_COLUMNS, flagged.map((r) => STAGING_COLUMNS.map((c) => cell(r, c))));
  const written = run.written;
  return runnerStatements(ctx, FROM_STAGING, { ...written, staging });
}

/** Elsewhere: the events as literals, `BATCH` rows a statement. */
function literalInserts(ctx: RunContext, run: ImportRun, flagged: readonly Row[]): Statement[] {
  const d = ctx.compiled.env.dialect;
  const literal = (r: Row): Row => ({
    ...r,
    event_created_at: new TimestampText((r['event_created_at'] as Instant).text),
    event_ingested_at: r['event_ingested_at'] === null ? null : new TimestampText((r['event_ingested_at'] as Instant).text),
    event_data: r['event_data'] === null ? null : new Sql(d.jsonLiteral(String(r['event_data']))),
  });
  const written = run.written;
  const statements: Statement[] = [];
  for (let i = 0; i < flagged.length; i += BATCH) statements.push(...runnerStatements(ctx, IMPORT_EXCEPTIONS, { ...written, rows: flagged.slice(i, i + BATCH).map(literal) }));
  return statements;
}

function countOld(rows: readonly Row[], ctx: RunContext): number {
  const limit = ageLimit(ctx);
  return rows.filter((r) => (r['event_created_at'] as Instant).date < limit).length;
}
