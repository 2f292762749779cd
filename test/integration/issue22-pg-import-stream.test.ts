/**
 * Issue 22, item 3: on PostgreSQL an import streams its events into the exceptions table while the file is read
 * (COPY … FROM STDIN in batches, in the operation's transaction). What it writes is what the other ways write; a
 * failure in the middle leaves nothing but a failed ledger entry; a file with no importable line leaves nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { importEvents } from '../../src/import/import-events';
import { OperationError, UsageError } from '../../src/errors';
import { event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
/** More lines than one batch of the stream (STREAM_BATCH, 20,000), so that they go in several writes. */
const LINES = 45_000;

const line = (i: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ event_id: `s-${i}`, event_created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), event_name: 'CardWasShipped', user_id: `u${i % 7}`, event_data: { N: i }, ...extra });

describe('postgres: an import streams into the exceptions', () => {
  let t: TestWarehouse;
  let dir: string;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target: 'postgres' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-pg-stream-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The rows appendRows is handed, call by call (a stream of batches: -1); `failAt` makes that call fail, or with
   * `failAtRows` the first stream once it has handed that many rows to the server.
   */
  function watchAppends(failAt?: number, failAtRows?: number): number[] {
    const batches: number[] = [];
    const append = t.wh.appendRows!.bind(t.wh);
    t.wh.appendRows = async (table, columns, rows) => {
      const n = Array.isArray(rows) ? rows.length : -1;
      batches.push(n);
      if (failAt === batches.length) throw new Error('the connection dropped');
      // Only the first stream fails (the connection is back for the next import).
      if (Array.isArray(rows) || failAtRows === undefined || batches.length > 1) return append(table, columns, rows);
      async function* failing(): AsyncGenerator<ReadonlyArray<readonly unknown[]>> {
        let handed = 0;
        for await (const b of rows as AsyncIterable<ReadonlyArray<readonly unknown[]>>) {
          if (handed >= failAtRows!) throw new Error('the connection dropped');
          handed += b.length;
          yield b;
        }
      }
      return append(table, columns, failing());
    };
    return batches;
  }

  it('in several writes, in line order (a repeated id: the later line is the later exception), detect looked up per batch', async () => {
    await t.load([event({ event_id: 's-3', event_created_at: '2026-11-01T00:00:03Z' }), event({ event_id: 's-44999', event_created_at: '2026-11-01T12:29:59Z' })]);
    const file = path.join(dir, 'big.ndjson');
    const lines = Array.from({ length: LINES }, (_, i) => line(i));
    lines.splice(30_000, 0, line(5, { user_id: 'again' }), '{"event_id": 7}');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const batches = watchAppends();
    const s = await importEvents(t.wh, t.ctx, file, { description: 'stream', mode: 'detect', keepExtra: false });
    expect(batches).toEqual([20_000, 20_000, 5_001]);
    expect(s).toMatchObject({ status: 'succeeded', imported: LINES + 1, rejected: 1, rows: { 's3.backend_events_exceptions': LINES + 1 } });
    expect(fs.readFileSync(`${file}.rejected.ndjson`, 'utf8')).toContain('"line":30002');
    const updates = await t.query("SELECT event_id FROM s3.backend_events_exceptions WHERE is_event_update ORDER BY event_id");
    expect(updates.map((r) => r['event_id'])).toEqual(['s-3', 's-44999']);
    const fives = await t.query("SELECT user_id, exception_seq FROM s3.backend_events_exceptions WHERE event_id = 's-5' ORDER BY exception_seq");
    expect(fives.map((r) => [r['user_id'], Number(r['exception_seq'])])).toEqual([['u5', 6], ['again', 30_001]]);
    const [range] = await t.query("SELECT MIN(exception_seq) AS lo, MAX(exception_seq) AS hi, COUNT(DISTINCT exception_seq) AS n, COUNT(DISTINCT exception_added_timestamp) AS ts, MIN(event_created_at) AS first FROM s3.backend_events_exceptions");
    expect([Number(range!['lo']), Number(range!['hi']), Number(range!['n']), Number(range!['ts'])]).toEqual([1, LINES + 1, LINES + 1, 1]);
    expect(String(range!['first'])).toBe('2026-11-01 00:00:00');
  });

  it('insert and update: the file in one streamed write, as it is read', async () => {
    const file = path.join(dir, 'one.ndjson');
    fs.writeFileSync(file, `${Array.from({ length: LINES }, (_, i) => line(i)).join('\n')}\n`);
    const batches = watchAppends();
    expect(await importEvents(t.wh, t.ctx, file, { description: 'stream', mode: 'update', keepExtra: false })).toMatchObject({ status: 'succeeded', imported: LINES });
    expect(batches).toEqual([-1]);
    const [r] = await t.query('SELECT COUNT(*) AS n, MIN(exception_seq) AS lo, MAX(exception_seq) AS hi, COUNT(*) FILTER (WHERE is_event_update) AS updates FROM s3.backend_events_exceptions');
    expect([Number(r!['n']), Number(r!['lo']), Number(r!['hi']), Number(r!['updates'])]).toEqual([LINES, 1, LINES, LINES]);
  });

  it('a write failing in the middle: nothing written, a failed entry, an OperationError; the same file imports afterwards', async () => {
    const file = path.join(dir, 'fails.ndjson');
    fs.writeFileSync(file, `${Array.from({ length: LINES }, (_, i) => line(i)).join('\n')}\n`);
    watchAppends(undefined, 25_000);
    const err = await importEvents(t.wh, t.ctx, file, { description: 'stream', mode: 'insert', keepExtra: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect((err as Error).message).toMatch(/^import [0-9a-f-]{36} failed, nothing was written: .*the connection dropped/);
    expect(await t.count('s3.backend_events_exceptions')).toBe(0);
    expect(await t.query("SELECT status FROM backfill.operations WHERE command = 'import'")).toEqual([{ status: 'failed' }]);
    expect(await t.count('backfill.applied_backfills')).toBe(0);
    const again = await importEvents(t.wh, t.ctx, file, { description: 'stream', mode: 'insert', keepExtra: false });
    expect(again).toMatchObject({ status: 'succeeded', imported: LINES });
    expect(await t.count('s3.backend_events_exceptions')).toBe(LINES);
  });

  it('a file that cannot be read in the middle (a broken gzip) is a usage error and writes nothing, not even an entry', async () => {
    const file = path.join(dir, 'broken.ndjson.gz');
    const gz = zlib.gzipSync(`${Array.from({ length: LINES }, (_, i) => line(i)).join('\n')}\n`);
    fs.writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.7)));
    const err = await importEvents(t.wh, t.ctx, file, { description: 'stream', mode: 'insert', keepExtra: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/cannot be read as NDJSON/);
    expect(await t.count('s3.backend_events_exceptions')).toBe(0);
    expect(await t.count('backfill.operations')).toBe(0);
  });

  it('a second import of the same file writes nothing and reports its old events from the table', async () => {
    const file = path.join(dir, 'twice.ndjson');
    fs.writeFileSync(file, `${line(1, { event_created_at: '2026-11-22T08:00:00Z' })}\n${line(2)}\n`);
    const first = await importEvents(t.wh, t.ctx, file, { description: 'once', mode: 'insert', keepExtra: false });
    const second = await importEvents(t.wh, t.ctx, file, { description: 'twice', mode: 'insert', keepExtra: false });
    expect(first).toMatchObject({ status: 'succeeded', imported: 2, old_events: 1 });
    expect(second).toMatchObject({ status: 'already imported', imported: 0, old_events: 1, operation_id: first.operation_id });
    expect(await t.count('s3.backend_events_exceptions')).toBe(2);
  });
});
