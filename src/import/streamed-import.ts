/**
 * The streamed import (`appendsWithinTransaction`, PostgreSQL): events written by COPY while the file is read.
 */
import type { RunContext } from '../compiler/statements';
import { readTimestamp, type Instant } from '../compiler/timestamps';
import { firstLine, OperationError, UsageError } from '../errors';
import { recordedOperation } from '../ledger/recorded-operation';
import { driverMethod, type AppendColumn, type Warehouse } from '../targets/warehouse';
import { EVENT_APPEND_COLUMNS, ageLimit, existingIds, importedRows, noEvents, writeRejected, type ImportOptions, type ImportRun } from './import-run';
import { eventBatches, type RejectedLine, type Row } from './read-lines';

/** The columns an import streams into the exceptions table (the others take their defaults: inserted_at). */
const EXCEPTION_APPEND_COLUMNS: readonly AppendColumn[] = [
  ...EVENT_APPEND_COLUMNS,
  { name: 'exception_added_timestamp', type: 'timestamp' },
  { name: 'exception_description', type: 'string' },
  { name: 'is_event_update', type: 'bool' },
  { name: 'operation_id', type: 'string' },
  { name: 'exception_seq', type: 'int' },
];

/** Events per write of a streamed import (and, with `detect`, per lookup of the ids already in the original). */
const STREAM_BATCH = 20_000;
/** How far the reader of a streamed import reads ahead of the writes. */
const AHEAD_ROWS = 2 * STREAM_BATCH;

/**
 * The events of the file streamed into the exceptions table while it is read (`appendsWithinTransaction`), in one
 * transaction with the operation's ledger entry and the file's record: the reader runs ahead while the server
 * writes, one batch of STREAM_BATCH events a write (with `detect`, the batch's ids are looked up first). A file with
 * no importable line rolls back (no entry: the usage error is thrown); any other failure is recorded as a failed
 * entry, as the other ways record theirs, and reported as an OperationError.
 */
export async function writeStreamed(wh: Warehouse, ctx: RunContext, file: string, opts: ImportOptions, run: ImportRun): Promise<{ counts: Record<string, number>; imported: number; rejected: number; rejectedFile: string | null; oldEvents: number }> {
  const batches = eventBatches(file, opts.keepExtra);
  // detect looks up each batch's ids before writing it; the other modes write the file as one COPY.
  const ahead = opts.mode === 'detect' ? readAhead(batches) : null;
  const rejected: RejectedLine[] = ahead?.rejected ?? [];
  const limit = ageLimit(ctx);
  const table = ctx.project.config.tables.exceptions;
  const { description, operation_id: operationId } = run.written;
  // The operation's timestamp as an instant read once (its text): not converted again for each of its events.
  const opTs = readTimestamp(run.written.op_ts.toISOString(), { dateOnly: false }) as Instant;
  let imported = 0;
  let oldEvents = 0;
  let rejectedFile: string | null = null;
  try {
    const { outcome } = await recordedOperation(wh, ctx, {
      ledger: run.entry,
      // The entry commits with the events: a file with no importable line leaves no entry, as on the other ways.
      commit: 'with-start',
      work: async () => {
        const cellsOf = (r: Row, existing: ReadonlySet<string> | null): unknown[] => {
          const created = r['event_created_at'] as Instant;
          if (created.date < limit) oldEvents++;
          const update = opts.mode === 'update' || (existing !== null && existing.has(String(r['event_id'])));
          // exception_seq: the line's order, so of one id imported twice the later line wins (SPEC §3 rule 2).
          return [r['event_id'], created, r['event_name'], r['user_id'], r['event_external_reference_id'], r['event_advisor_id'], r['event_data'], r['event_ingested_at'], opTs, description, update, operationId, ++imported];
        };
        if (ahead) {
          for (let batch = await ahead.take(STREAM_BATCH); batch.length > 0; batch = await ahead.take(STREAM_BATCH)) {
            const existing = await existingIds(wh, ctx, batch.map((r) => String(r['event_id'])));
            await driverMethod(wh, 'appendRows')(table, EXCEPTION_APPEND_COLUMNS, batch.map((r) => cellsOf(r, existing)));
          }
        } else {
          // Each read chunk's events go to the server as they are read: an event lives from its line to its COPY
          // text, not in a queue (the rows a queue holds are what the garbage collector copies: measured ~1.7 s of
          // a 3.6 s import of 500,000 lines).
          const read: { failure?: unknown } = {};
          try {
            await driverMethod(wh, 'appendRows')(table, EXCEPTION_APPEND_COLUMNS, streamedCells(batches, rejected, (r) => cellsOf(r, null), read));
          } catch (err) {
            // The file could not be read (a usage error): that, not the aborted write it caused, is the failure.
            throw 'failure' in read ? read.failure : err;
          }
        }
        rejectedFile = writeRejected(file, rejected);
        if (imported === 0) throw noEvents(file, rejected, rejectedFile);
        await wh.run(run.record);
      },
      outcome: importedRows(wh, ctx, run),
    });
    return { counts: outcome.rows, imported, rejected: rejected.length, rejectedFile, oldEvents };
  } catch (err) {
    ahead?.stop();
    await batches.return(undefined).catch(() => undefined);
    if (err instanceof UsageError) throw err;
    // Rolled back, entry and all: the failure is recorded as a failed entry of its own.
    await recordedOperation(wh, ctx, { ledger: run.entry, commit: 'own', work: () => Promise.reject(err), outcome: () => ({ status: 'failed', rows: {} }) }).catch(() => undefined);
    throw new OperationError(`import ${run.operationId} failed, nothing was written: ${firstLine(err)}`, { cause: err });
  }
}

/**
 * The cells of the events read, a read chunk at a time; the rejected lines are kept in `rejected`, a failure to
 * read the file in `read.failure` (and thrown, which aborts the write).
 */
async function* streamedCells(batches: AsyncGenerator<{ rows: Row[]; rejected: RejectedLine[] }>, rejected: RejectedLine[], cells: (r: Row) => unknown[], read: { failure?: unknown }): AsyncGenerator<unknown[][]> {
  try {
    for await (const b of batches) {
      for (const r of b.rejected) rejected.push(r);
      if (b.rows.length > 0) yield b.rows.map(cells);
    }
  } catch (err) {
    read.failure = err;
    throw err;
  }
}

/**
 * The reader running ahead of its consumer: it reads on while the consumer awaits the server, and `take(n)` gives
 * the next n events read (fewer at the end; none when all are taken). A read error is thrown by `take`.
 */
function readAhead(batches: AsyncGenerator<{ rows: Row[]; rejected: RejectedLine[] }>): { take(n: number): Promise<Row[]>; readonly rejected: RejectedLine[]; stop(): void } {
  const rows: Row[] = [];
  const rejected: RejectedLine[] = [];
  let from = 0;
  let done = false;
  let stopped = false;
  let failure: unknown = null;
  const waiting: { wake: (() => void) | null; taken: (() => void) | null } = { wake: null, taken: null };
  const reading = (async () => {
    try {
      for await (const b of batches) {
        if (stopped) break;
        for (const r of b.rows) rows.push(r);
        for (const r of b.rejected) rejected.push(r);
        waiting.wake?.();
        // Far enough ahead: it waits for the writes (rows held long are what the garbage collector copies).
        while (!stopped && rows.length - from > AHEAD_ROWS) await new Promise<void>((resolve) => (waiting.taken = resolve));
      }
    } catch (err) {
      failure = err;
    } finally {
      done = true;
      waiting.wake?.();
    }
  })();
  return {
    rejected,
    stop: () => {
      stopped = true;
      waiting.taken?.();
    },
    async take(n: number): Promise<Row[]> {
      while (!done && rows.length - from < n) await new Promise<void>((resolve) => (waiting.wake = resolve));
      waiting.wake = null;
      if (failure !== null) {
        await reading;
        throw failure;
      }
      const out = rows.slice(from, from + n);
      // Taken rows are let go: the reader holds only what is not written yet.
      for (let i = from; i < from + out.length; i++) rows[i] = undefined as unknown as Row;
      from += out.length;
      waiting.taken?.();
      waiting.taken = null;
      return out;
    },
  };
}

