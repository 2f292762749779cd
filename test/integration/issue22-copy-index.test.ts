/**
 * Issue 22: with default settings (no vars.dedup_window_days) a DuckDB rebuild of days finds the other days holding
 * copies of its ids through the copy index (backfill.copy_days) instead of joining every other day's ids. Rule 1
 * (SPEC §3) must stay exact: copies on far days, copies delivered after their day was built, an index lost or
 * never built, a run that fails after it changed the index.
 */
import { event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

describe('copy index: day-limited rebuilds with no dedup window stay exact', () => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF);
  });
  afterEach(async () => {
    await t.close();
  });

  /** A plain run, then a full refresh: both must give the same stage rows; returns (event_id, day, status). */
  async function runEqualsFullRefresh(): Promise<string[][]> {
    await t.run();
    const incremental = await t.stage('card_shipped');
    await t.run({ fullRefresh: true });
    expect(await t.stage('card_shipped')).toEqual(incremental);
    return incremental.map((r) => [String(r['event_id']), String(r['event_created_at']).slice(0, 10), String(r['status'])]);
  }

  it('keeps an event on a far day whose copy was ingested first, when a later copy lands in the window', async () => {
    await t.load([event({ event_id: 'x', event_created_at: '2026-09-01T10:00:00Z', event_ingested_at: new Date('2026-09-01T10:00:01Z'), event_data: { Status: 'first' } })]);
    await t.run();
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:00:01Z'), event_data: { Status: 'again' } })]);
    expect(await runEqualsFullRefresh()).toEqual([['x', '2026-09-01', 'first']]);
  });

  it('moves an event into the window from a far day when the copy in the window was ingested first', async () => {
    await t.load([event({ event_id: 'x', event_created_at: '2026-09-01T10:00:00Z', event_ingested_at: new Date('2026-09-01T12:00:00Z'), event_data: { Status: 'old' } })]);
    await t.run();
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-21T10:00:00Z', event_ingested_at: new Date('2026-09-01T11:00:00Z'), event_data: { Status: 'replayed' } })]);
    expect(await runEqualsFullRefresh()).toEqual([['x', '2026-11-21', 'replayed']]);
  });

  it('finds a copy delivered after its day was built, once that day has left the window', async () => {
    await t.load([event({ event_id: 'y', event_created_at: '2026-11-01T10:00:00Z' })]);
    await t.run({ fullRefresh: true });
    // x arrives on a day of the window after the full refresh indexed everything: only the run's own upkeep indexes it
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-21T10:00:00Z', event_ingested_at: new Date('2026-11-21T10:00:01Z'), event_data: { Status: 'first' } })]);
    await t.run();
    // ten days on, 2026-11-21 is outside the window; a redelivery of x lands in the new window
    t.at(new Date('2026-12-03T12:00:00Z'));
    await t.load([event({ event_id: 'x', event_created_at: '2026-12-02T10:00:00Z', event_ingested_at: new Date('2026-12-02T10:00:01Z'), event_data: { Status: 'again' } })]);
    expect(await runEqualsFullRefresh()).toEqual([['x', '2026-11-21', 'first'], ['y', '2026-11-01', 'Shipped']]);
  });

  it('rebuilds an index that was lost (or never built) before trusting it', async () => {
    await t.load([event({ event_id: 'x', event_created_at: '2026-09-01T10:00:00Z', event_ingested_at: new Date('2026-09-01T10:00:01Z'), event_data: { Status: 'first' } })]);
    await t.run();
    await t.query('DROP TABLE backfill.copy_days');
    await t.query('DROP TABLE backfill.copy_days_built');
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:00:01Z'), event_data: { Status: 'again' } })]);
    await t.run();
    // that run searched every day and built the index whole; the next one trusts it
    expect(await t.query("SELECT COUNT(*) AS n FROM backfill.copy_days WHERE event_name = 'CardWasShipped'")).toEqual([{ n: '2' }]);
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-23T10:00:00Z', event_ingested_at: new Date('2026-11-23T10:00:01Z'), event_data: { Status: 'third' } })]);
    expect(await runEqualsFullRefresh()).toEqual([['x', '2026-09-01', 'first']]);
  });

  it('a run that fails after changing the index leaves it as it was: the next run stays exact', async () => {
    await t.load([event({ event_id: 'x', event_created_at: '2026-09-01T10:00:00Z', event_ingested_at: new Date('2026-09-01T10:00:01Z'), event_data: { Status: 'first' } })]);
    await t.run();
    const index = (): Promise<unknown[]> => t.query('SELECT event_name, id_hash, copy_day FROM backfill.copy_days ORDER BY ALL');
    const before = await index();
    // The same stage table, but refusing event z: the run's insert fails after its index upkeep, in one transaction.
    const cols = await t.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'stage' AND table_name = 'card_shipped' ORDER BY ordinal_position");
    const ddl = cols.map((c) => `"${String(c['column_name'])}" ${String(c['data_type'])}${c['column_name'] === 'event_id' ? " CHECK (event_id <> 'z')" : ''}`).join(', ');
    const recreate = async (columns: string): Promise<void> => {
      await t.query('CREATE TABLE stage.card_aside AS SELECT * FROM stage.card_shipped');
      await t.query('DROP TABLE stage.card_shipped');
      await t.query(`CREATE TABLE stage.card_shipped (${columns})`);
      await t.query('INSERT INTO stage.card_shipped SELECT * FROM stage.card_aside');
      await t.query('DROP TABLE stage.card_aside');
    };
    await recreate(ddl);
    await t.load([event({ event_id: 'z', event_created_at: '2026-11-22T10:00:00Z' })]);
    const failed = await t.run();
    expect(failed.models.find((m) => m.model === 'card_shipped')).toMatchObject({ status: 'failed', error: expect.stringContaining('CHECK constraint') });
    expect(await index()).toEqual(before);
    await recreate(cols.map((c) => `"${String(c['column_name'])}" ${String(c['data_type'])}`).join(', '));
    await t.load([event({ event_id: 'x', event_created_at: '2026-11-22T11:00:00Z', event_ingested_at: new Date('2026-11-22T11:00:01Z'), event_data: { Status: 'again' } })]);
    expect(await runEqualsFullRefresh()).toEqual([['x', '2026-09-01', 'first'], ['z', '2026-11-22', 'Shipped']]);
  });

  it('looks only at the days the index names: none when no id of the days has a copy elsewhere', async () => {
    await t.load([event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z' }), event({ event_id: 'b', event_created_at: '2026-10-01T10:00:00Z' }), event({ event_id: 'b', event_created_at: '2026-11-21T10:00:00Z', event_ingested_at: new Date('2026-11-21T11:00:00Z') })]);
    await t.run();
    const { planCopies } = await import('../../src/rebuild/copy-index');
    const model = t.ctx.compiled.models.get('card_shipped')!;
    expect(await planCopies(t.wh, t.ctx, model, ['2026-11-21', '2026-11-22', '2026-11-23'])).toEqual({ copyDays: ['2026-10-01'], buildCopyIndex: false });
    expect(await planCopies(t.wh, t.ctx, model, ['2026-11-22', '2026-11-23'])).toEqual({ copyDays: [], buildCopyIndex: false });
  });

  it("names only its own event name's days, with the filter in the aggregate where DuckDB's join keeps the rebuilt ids as its build side", async () => {
    await t.load([
      event({ event_id: 'b', event_created_at: '2026-11-22T10:00:00Z' }),
      event({ event_id: 'b', event_created_at: '2026-10-01T10:00:00Z', event_ingested_at: new Date('2026-10-01T11:00:00Z') }),
      event({ event_id: 'b', event_name: 'PaymentCompleted', event_created_at: '2026-10-05T10:00:00Z' }),
    ]);
    await t.run({ fullRefresh: true });
    const { planCopies } = await import('../../src/rebuild/copy-index');
    const { runnerStatement } = await import('../../src/compiler/statements');
    const { COPY_DAYS_LOOKUP } = await import('../../src/rebuild/sql');
    const model = t.ctx.compiled.models.get('card_shipped')!;
    expect(await planCopies(t.wh, t.ctx, model, ['2026-11-22'])).toEqual({ copyDays: ['2026-10-01'], buildCopyIndex: false });
    const sql = runnerStatement(t.ctx, COPY_DAYS_LOOKUP, { event_name: 'CardWasShipped', ranges: [{ start: new Date('2026-11-22T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') }] }).sql.replace(/\s+/g, ' ');
    expect(sql).toContain("FILTER (WHERE event_name = 'CardWasShipped' AND NOT");
    expect(sql).toMatch(/FROM "?backfill"?\.copy_days WHERE id_hash IN \(/);
  });

  it('remove_duplicates_by_event_id finds, through the index, an earlier copy outside its lookback: nothing to freeze', async () => {
    await t.load([event({ event_id: 'x', event_created_at: '2026-09-01T10:00:00Z', event_ingested_at: new Date('2026-09-01T10:00:01Z'), event_data: { Status: 'first' } })]);
    await t.run();
    await t.load([
      event({ event_id: 'x', event_created_at: '2026-11-15T10:00:00Z', event_ingested_at: new Date('2026-11-15T10:00:01Z'), event_data: { Status: 'again' } }),
      event({ event_id: 'x', event_created_at: '2026-11-15T10:00:00Z', event_ingested_at: new Date('2026-11-15T10:00:02Z'), event_data: { Status: 'again' } }),
      event({ event_id: 'w', event_created_at: '2026-11-16T10:00:00Z', event_data: { Status: 'w1' } }),
      event({ event_id: 'w', event_created_at: '2026-11-16T10:00:00Z', event_ingested_at: new Date('2026-11-16T11:00:00Z'), event_data: { Status: 'w2' } }),
    ]);
    // x's first copy (2026-09-01) decides it, outside the 14 days: only w is frozen, with its first copy
    const r = await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 14 });
    expect(r.rows).toEqual({ 's3.backend_events_exceptions': 1, 's3.backend_events_exclusions': 1 });
    expect(await t.query('SELECT event_id, event_data::VARCHAR AS data FROM s3.backend_events_exceptions')).toEqual([{ event_id: 'w', data: '{"Status":"w1"}' }]);
    expect(await runEqualsFullRefresh()).toEqual([['w', '2026-11-16', 'w1'], ['x', '2026-09-01', 'first']]);
  });
});
