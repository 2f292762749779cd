/** `backfill import`: NDJSON events become exceptions of one (revertible) operation; bad lines are set aside. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { UsageError } from '../../../src/errors';
import { importEvents } from '../../../src/import/import-events';
import { revertOperation } from '../../../src/revert/revert';
import { countAppendedRows, event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

export function importContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([event({ event_id: 'known', event_created_at: '2026-11-20T10:00:00Z', event_data: { Status: 'Pending' } })]);
    await t.run();
  });
  afterEach(async () => {
    await t.close();
  });
  const file = (name: string, lines: readonly unknown[]): string => {
    const f = path.join(t.dir, name);
    fs.writeFileSync(f, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return f;
  };

  it('detects updates vs inserts, keeps event_created_at, keeps extras in event_data on request, and reaches the stage', async () => {
    const f = file('fix.ndjson', [
      { event_id: 'known', event_created_at: '2026-11-02T08:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'Fixed' }, batch_id: 'b-7' },
      { event_id: 'missing', event_created_at: '2026-11-21T08:00:00Z', event_name: 'CardWasShipped', user_id: 'u9', event_data: { Status: 'Shipped' } },
      '{"event_id": "broken"',
    ]);
    const appended = countAppendedRows(t.wh);
    const s = await importEvents(t.wh, t.ctx, f, { description: 'from the quarantine', mode: 'detect', keepExtra: true });
    expect(appended()).toBe(t.wh.adapter.appendsRows ? 2 : 0); // DuckDB's appender, PostgreSQL's COPY … FROM STDIN, BigQuery's load job
    expect(s).toMatchObject({ status: 'succeeded', imported: 2, rejected: 1, rows: { 's3.backend_events_exceptions': 2 }, old_events: 1 });
    const rows = (await t.query(`SELECT event_id, is_event_update, exception_description AS d, ${t.jsonText('event_data')} AS data FROM s3.backend_events_exceptions ORDER BY event_id`))
      .map(({ data, ...r }) => ({ ...r, batch: (JSON.parse(String(data)) as Record<string, unknown>)['batch_id'] ?? null }));
    expect(rows).toEqual([
      { event_id: 'known', is_event_update: true, d: 'from the quarantine', batch: 'b-7' },
      { event_id: 'missing', is_event_update: false, d: 'from the quarantine', batch: null },
    ]);
    expect(fs.readFileSync(`${f}.rejected.ndjson`, 'utf8')).toMatch(/^\{"line":3,"reason":"not JSON/);
    await t.run();
    const stage = Object.fromEntries((await t.stage('card_shipped')).map((r) => [r['event_id'], [r['event_created_at'], r['status']]]));
    expect(stage).toEqual({ known: ['2026-11-02 08:00:00', 'Fixed'], missing: ['2026-11-21 08:00:00', 'Shipped'] });

    const again = await importEvents(t.wh, t.ctx, f, { description: 'again', mode: 'detect', keepExtra: true });
    expect(again).toMatchObject({ status: 'already imported', imported: 0, operation_id: s.operation_id });
    expect(await t.count('s3.backend_events_exceptions')).toBe(2);

    await revertOperation(t.wh, t.ctx, s.operation_id!, { force: false });
    await t.run();
    expect((await t.stage('card_shipped')).map((r) => [r['event_id'], r['status']])).toEqual([['known', 'Pending']]);
  });

  it('reads gzip; --update/--insert set the flag; extras are dropped without --keep-extra', async () => {
    const f = path.join(t.dir, 'in.ndjson.gz');
    fs.writeFileSync(f, zlib.gzipSync(`${JSON.stringify({ event_id: 'new', event_created_at: '2026-11-22 09:00:00', event_name: 'CardWasShipped', event_data: { Status: 'S' }, extra: 1 })}\n`));
    await importEvents(t.wh, t.ctx, f, { description: 'x', mode: 'update', keepExtra: false });
    const rows = await t.query(`SELECT event_id, is_event_update, ${t.jsonText('event_data')} AS data FROM s3.backend_events_exceptions`);
    expect(rows.map(({ data, ...r }) => ({ ...r, extra: (JSON.parse(String(data)) as Record<string, unknown>)['extra'] ?? null }))).toEqual([{ event_id: 'new', is_event_update: true, extra: null }]);
  });

  it('texts with tabs, newlines, backslashes and quotes, and microsecond timestamps before 1970, arrive as written', async () => {
    const odd = 'tab\there\nline\r\\N back\\slash \'q\' "dq" ünï';
    // -1 µs: @google-cloud/bigquery's own parsing read it as 1970-01-01 00:00:00.999999 (docs/emulator.md).
    const before1970 = '1969-12-31 23:59:59.999999';
    const f = file('odd.ndjson', [
      { event_id: 'odd-1', event_created_at: `${before1970.replace(' ', 'T')}Z`, event_name: 'CardWasShipped', user_id: odd, event_data: { Note: odd, N: 1.5 } },
      { event_id: 'nul-free', event_created_at: '2026-11-21T08:00:00.000001Z', event_name: 'CardWasShipped', user_id: '\\N', event_data: {} },
    ]);
    expect(await importEvents(t.wh, t.ctx, f, { description: 'odd', mode: 'insert', keepExtra: true })).toMatchObject({ imported: 2, rejected: 0 });
    const rows = (await t.query(`SELECT event_id, user_id, ${t.jsonText('event_data')} AS data, event_created_at FROM s3.backend_events_exceptions ORDER BY exception_seq`))
      .map(({ data, ...r }) => ({ ...r, note: (JSON.parse(String(data)) as Record<string, unknown>)['Note'] ?? null }));
    expect(rows).toEqual([
      { event_id: 'odd-1', user_id: odd, note: odd, event_created_at: before1970 },
      { event_id: 'nul-free', user_id: '\\N', note: null, event_created_at: '2026-11-21 08:00:00.000001' },
    ]);
  });

  it('a file with no importable line is a usage error and writes nothing', async () => {
    const f = file('bad.ndjson', ['[1]', '{"event_id":"x","event_created_at":"2026-13-45T00:00:00Z","event_name":"A"}', 'plain text']);
    const err = await importEvents(t.wh, t.ctx, f, { description: 'x', mode: 'detect', keepExtra: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/no event could be imported \(3 line\(s\) rejected, reasons in .*bad\.ndjson\.rejected\.ndjson; line 1: not a JSON object\)/);
    expect(await t.count('s3.backend_events_exceptions')).toBe(0);
    expect(await t.count('backfill.operations')).toBe(1);
  });
}
