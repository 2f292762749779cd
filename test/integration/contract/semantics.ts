/**
 * SPEC §3 consequences on real tables of every local target: each scenario loads events, applies actions (through the built-in
 * macros or hand-written INSERTs, as analysts do), runs the stage models, and checks the stage rows.
 */
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';
import type { Row } from '../../../src/targets/warehouse';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const EXC = 's3.backend_events_exceptions';
const EXCL = 's3.backend_events_exclusions';

/** Registers the scenarios for one target. */
export function semanticsContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
  });
  afterEach(async () => {
    await t.close();
  });

  const byId = (rows: Row[]): Record<string, Row> => Object.fromEntries(rows.map((r) => [String(r['event_id']), r]));

  /** A plain (targeted) run must leave the stage tables exactly as a full refresh would. */
  async function expectRunEqualsFullRefresh(): Promise<Row[]> {
    await t.run();
    const incremental = { card: await t.stage('card_shipped'), pay: await t.stage('payment_completed') };
    await t.run({ fullRefresh: true });
    expect(await t.stage('card_shipped')).toEqual(incremental.card);
    expect(await t.stage('payment_completed')).toEqual(incremental.pay);
    return incremental.card;
  }

  async function handException(row: Record<string, string>, addedAt: string): Promise<void> {
    const cols = Object.keys(row);
    const d = t.ctx.compiled.env.dialect;
    // The payload as the target's JSON literal (BigQuery puts no STRING into a JSON column).
    const vals = cols.map((c) => (c === 'event_data' ? d.jsonLiteral(row[c]!) : `'${row[c]}'`));
    await t.query(
      `INSERT INTO ${EXC} (${cols.join(', ')}, event_name, exception_added_timestamp, exception_description, is_event_update)
       VALUES (${vals.join(', ')}, 'CardWasShipped', TIMESTAMP '${addedAt}', 'by hand', TRUE)`,
    );
  }

  describe('rule 1: no action', () => {
    it('keeps one copy of a duplicated delivery: earliest ingested, then earliest created, then smallest payload', async () => {
      await t.load([
        event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:05:00Z'), event_data: { Status: 'late' } }),
        event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:01:00Z'), event_data: { Status: 'first' } }),
        event({ event_id: 'b', event_created_at: '2026-11-22T11:00:00Z', event_ingested_at: new Date('2026-11-22T11:01:00Z'), event_data: { Status: 'zz' } }),
        event({ event_id: 'b', event_created_at: '2026-11-22T11:00:00Z', event_ingested_at: new Date('2026-11-22T11:01:00Z'), event_data: { Status: 'aa' } }),
      ]);
      await t.run();
      const rows = byId(await t.stage('card_shipped'));
      expect(Object.keys(rows)).toEqual(['a', 'b']);
      expect(rows['a']!['status']).toBe('first');
      expect(rows['b']!['status']).toBe('aa');
    });

    it('puts an event on the day of its first copy even when a later copy sits in the rebuilt window', async () => {
      await t.load([event({ event_id: 'x', event_created_at: '2026-11-05T10:00:00Z', event_ingested_at: new Date('2026-11-05T10:00:01Z') })]);
      await t.run();
      await t.load([event({ event_id: 'x', event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:00:01Z') })]);
      const rows = await expectRunEqualsFullRefresh();
      expect(rows.map((r) => [r['event_id'], r['event_created_at']])).toEqual([['x', '2026-11-05 10:00:00']]);
    });

    it.each([
      ['any day', null, '2026-11-05'],
      ['2 days', 2, '2026-11-18'],
    ])('moves an event into the window when a copy there was ingested first, deleting its old row (dedup window: %s)', async (_name, window, oldDay) => {
      t.ctx = { ...t.ctx, project: { ...t.ctx.project, vars: { ...t.ctx.project.vars, dedup_window_days: window } } };
      await t.load([
        event({ event_id: 'x', event_created_at: `${oldDay}T10:00:00Z`, event_ingested_at: new Date(`${oldDay}T12:00:00Z`) }),
        event({ event_id: 'y', event_created_at: `${oldDay}T11:00:00Z` }),
      ]);
      await t.run();
      // A replayed copy keeps its original ingestion time: it came first, so the event now sits on its day.
      await t.load([event({ event_id: 'x', event_created_at: '2026-11-20T10:00:00Z', event_ingested_at: new Date(`${oldDay}T11:00:00Z`) })]);
      const rows = await expectRunEqualsFullRefresh();
      expect(rows.map((r) => [r['event_id'], r['event_created_at']])).toEqual([['x', '2026-11-20 10:00:00'], ['y', `${oldDay} 11:00:00`]]);
    });
  });

  describe('rule 2: the latest action wins', () => {
    beforeEach(async () => {
      await t.load([
        event({ event_id: 'e1', event_created_at: '2026-11-05T09:00:00Z', event_data: { Status: 'Pending', Carrier: 'DHL' } }),
        event({ event_id: 'e2', event_created_at: '2026-11-21T09:00:00Z', event_data: { Status: 'Shipped', Carrier: 'UPS' } }),
      ]);
      await t.run();
    });

    it('applies two corrections of different JSON fields to the current row, so both survive', async () => {
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'Failed' }, description: 'lost' });
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Carrier': 'PostNL' }, description: 'carrier' });
      const rows = byId(await expectRunEqualsFullRefresh());
      expect(rows['e1']).toMatchObject({ status: 'Failed', carrier: 'PostNL', event_created_at: '2026-11-05 09:00:00' });
      expect(rows['e2']).toMatchObject({ status: 'Shipped', carrier: 'UPS' });
    });

    it('sets nested paths, creating the keys that are missing', async () => {
      await t.op('update_event_data', { event_name: 'CardWasShipped', where: { '$.Carrier': 'DHL' }, set: { '$.Address.Country': 'NL' }, description: 'country' });
      const rows = byId(await expectRunEqualsFullRefresh());
      expect(rows['e1']!['country']).toBe('NL');
      expect(rows['e2']!['country']).toBeNull();
    });

    it('moves an event to another day: the old day loses it and the new day gains it', async () => {
      await handException({ event_id: 'e1', event_created_at: '2026-11-12 08:00:00', user_id: 'user-1', event_data: '{"Status":"Moved"}' }, '2026-11-23 10:00:00');
      const rows = byId(await expectRunEqualsFullRefresh());
      expect(rows['e1']).toMatchObject({ event_created_at: '2026-11-12 08:00:00', status: 'Moved' });
      const plan = await t.run();
      expect(plan.models.find((m) => m.model === 'card_shipped')!.days).not.toContain('2026-11-05');
    });

    it('re-running the same operation changes nothing and writes nothing', async () => {
      const args = { stage_table_name: 'card_shipped', event_ids: ['e1', 'e2'], set: { '$.Status': 'Failed' }, description: 'x' };
      const first = await t.op('update_event_data', args);
      expect(first.rows[EXC]).toBe(2);
      await t.run();
      const before = await t.stage('card_shipped');
      const second = await t.op('update_event_data', args);
      expect(second.rows).toEqual({ [EXC]: 0, [EXCL]: 0 });
      await t.run();
      expect(await t.stage('card_shipped')).toEqual(before);
    });

    it('an exclusion removes the event; a later exception brings it back', async () => {
      await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'e1', description: 'test event' });
      expect(Object.keys(byId(await expectRunEqualsFullRefresh()))).toEqual(['e2']);
      await handException({ event_id: 'e1', event_created_at: '2026-11-05 09:00:00', event_data: '{"Status":"Back"}' }, '2099-01-01 00:00:00');
      const rows = byId(await expectRunEqualsFullRefresh());
      expect(rows['e1']!['status']).toBe('Back');
    });

    it('an exception beats an exclusion written at the same timestamp, in either insertion order', async () => {
      await t.query(`INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description) VALUES ('e1', TIMESTAMP '2026-11-05 09:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 10:00:00', 'dup')`);
      await handException({ event_id: 'e1', event_created_at: '2026-11-05 09:00:00', event_data: '{"Status":"Kept"}' }, '2026-11-23 10:00:00');
      await handException({ event_id: 'e2', event_created_at: '2026-11-21 09:00:00', event_data: '{"Status":"Kept"}' }, '2026-11-23 10:00:00');
      await t.query(`INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description) VALUES ('e2', TIMESTAMP '2026-11-21 09:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 10:00:00', 'dup')`);
      const rows = byId(await expectRunEqualsFullRefresh());
      expect(rows['e1']!['status']).toBe('Kept');
      expect(rows['e2']!['status']).toBe('Kept');
    });

    it('a later exclusion beats an earlier exception', async () => {
      await handException({ event_id: 'e1', event_created_at: '2026-11-05 09:00:00', event_data: '{"Status":"X"}' }, '2026-11-23 10:00:00');
      await t.query(`INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description) VALUES ('e1', TIMESTAMP '2026-11-05 09:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 10:00:01', 'gone')`);
      expect(Object.keys(byId(await expectRunEqualsFullRefresh()))).toEqual(['e2']);
    });
  });

  describe('duplicate removal', () => {
    it('remove_duplicates_by_event_id keeps exactly one row, records the choice, and is a no-op when re-run', async () => {
      await t.load([
        event({ event_id: 'd', event_created_at: '2026-11-20T10:00:00Z', event_ingested_at: new Date('2026-11-20T10:09:00Z'), event_data: { Status: 'second' } }),
        event({ event_id: 'd', event_created_at: '2026-11-20T10:00:00Z', event_ingested_at: new Date('2026-11-20T10:01:00Z'), event_data: { Status: 'first' } }),
        event({ event_id: 'old', event_created_at: '2026-10-01T10:00:00Z' }),
        event({ event_id: 'old', event_created_at: '2026-10-01T10:00:00Z' }),
        event({ event_id: 'u', event_created_at: '2026-11-20T10:00:00Z' }),
      ]);
      const s = await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped' });
      expect(s.rows).toEqual({ [EXC]: 1, [EXCL]: 1 });
      const rec = await t.query(`SELECT event_id, event_data FROM ${EXC}`);
      const payload = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
      expect(rec.map((r) => ({ event_id: r['event_id'], status: (payload(r['event_data']) as { Status?: string }).Status }))).toEqual([{ event_id: 'd', status: 'first' }]);
      const rows = await expectRunEqualsFullRefresh();
      expect(rows.filter((r) => r['event_id'] === 'd').map((r) => r['status'])).toEqual(['first']);
      expect((await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped' })).rows).toEqual({ [EXC]: 0, [EXCL]: 0 });
    });

    it('remove_duplicates_by_event_id freezes the current effective row, corrections included', async () => {
      await t.load([
        event({ event_id: 'd', event_created_at: '2026-11-20T10:00:00Z', event_data: { Status: 'Pending' } }),
        event({ event_id: 'd', event_created_at: '2026-11-20T10:00:00Z', event_ingested_at: new Date('2026-11-21T00:00:00Z'), event_data: { Status: 'Other' } }),
      ]);
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['d'], set: { '$.Status': 'Failed' }, description: 'fix' });
      await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped' });
      const rows = await expectRunEqualsFullRefresh();
      expect(rows.map((r) => r['status'])).toEqual(['Failed']);
    });

    it('remove_duplicates_by_business_id keeps the earliest event per key (then the smallest id)', async () => {
      const pay = (id: string, at: string, ref: string | null): ReturnType<typeof event> =>
        event({ event_id: id, event_created_at: at, event_name: 'PaymentCompleted', event_external_reference_id: ref, event_data: { Amount: 10 } });
      await t.load([
        pay('p3', '2026-11-20T10:00:00Z', 'tx-1'),
        pay('p1', '2026-11-20T11:00:00Z', 'tx-1'),
        pay('p2', '2026-11-20T10:00:00Z', 'tx-1'),
        pay('q1', '2026-11-21T10:00:00Z', 'tx-2'),
        pay('n1', '2026-11-21T10:00:00Z', null),
        pay('n2', '2026-11-21T10:00:00Z', null),
        pay('o1', '2026-10-01T10:00:00Z', 'tx-3'),
        pay('o2', '2026-10-01T11:00:00Z', 'tx-3'),
      ]);
      const s = await t.op('remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: 'event_external_reference_id' });
      expect(s.rows).toEqual({ [EXC]: 0, [EXCL]: 2 });
      await t.run();
      const ids = (await t.stage('payment_completed')).map((r) => r['event_id']);
      expect(ids).toEqual(['n1', 'n2', 'o1', 'o2', 'p2', 'q1']);
      expect((await t.op('remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: 'event_external_reference_id' })).rows[EXCL]).toBe(0);
    });

    it('remove_duplicates_by_business_id reads a JSON-path key', async () => {
      await t.load([
        event({ event_id: 'a', event_created_at: '2026-11-20T10:00:00Z', event_data: { Ref: 'r1' } }),
        event({ event_id: 'b', event_created_at: '2026-11-20T12:00:00Z', event_data: { Ref: 'r1' } }),
      ]);
      await t.op('remove_duplicates_by_business_id', { stage_table_name: 'card_shipped', business_key: '$.Ref' });
      await t.run();
      expect((await t.stage('card_shipped')).map((r) => r['event_id'])).toEqual(['a']);
    });
  });

  describe('incremental runs', () => {
    it('replaces only the days of its window and leaves the others as they are', async () => {
      await t.load([event({ event_id: 'old', event_created_at: '2026-11-01T10:00:00Z' }), event({ event_id: 'new', event_created_at: '2026-11-22T10:00:00Z' })]);
      await t.run();
      await t.query(`UPDATE stage.card_shipped SET carrier = 'tampered' WHERE TRUE`);
      const run = await t.run();
      expect(run.models[0]!.days).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
      const rows = byId(await t.stage('card_shipped'));
      expect(rows['old']!['carrier']).toBe('tampered');
      expect(rows['new']!['carrier']).toBe('DHL');
    });

    it('reaches an old day through the side tables written since the last run', async () => {
      await t.load([event({ event_id: 'old', event_created_at: '2026-11-01T10:00:00Z' })]);
      await t.run();
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['old'], set: { '$.Status': 'Failed' }, description: 'x' });
      const run = await t.run({ select: ['card_shipped'] });
      expect(run.models[0]!.days).toContain('2026-11-01');
      expect((await t.stage('card_shipped'))[0]!['status']).toBe('Failed');
      expect((await t.run()).models[0]!.days).not.toContain('2026-11-01');
    });

    it('honours --vars current_date_offset and --as-of', async () => {
      await t.load([event({ event_id: 'a', event_created_at: '2026-11-10T10:00:00Z' })]);
      await t.run();
      t.at(new Date('2026-11-12T00:00:00Z'));
      t.ctx = { ...t.ctx, project: { ...t.ctx.project, vars: { ...t.ctx.project.vars, current_date_offset: 1 } } };
      expect((await t.run()).models[0]!.days).toEqual(['2026-11-11', '2026-11-12']);
    });

    it('a failing rebuild leaves the stage table as it was (one transaction)', async () => {
      await t.close();
      t = await TestWarehouse.create(AS_OF, {
        target,
        models: {
          fragile: `{{config event_name="CardWasShipped"}}
  select event_id, event_created_at, CAST(CASE WHEN {{json_value "event_data" "$.Status"}} = 'Boom' THEN 'boom' ELSE '1' END AS {{type "int"}}) as ok from {{events}}`,
        },
      });
      await t.load([event({ event_id: 'a', event_created_at: '2026-11-22T10:00:00Z' })]);
      await t.run();
      await t.load([event({ event_id: 'b', event_created_at: '2026-11-22T11:00:00Z', event_data: { Status: 'Boom' } })]);
      const res = await t.run();
      expect(res.status).toBe('failed');
      expect(res.models[0]!.error).toMatch(/boom/i);
      expect((await t.query('SELECT event_id FROM stage.fragile')).map((r) => r['event_id'])).toEqual(['a']);
      const ledger = await t.query(`SELECT status FROM backfill.operations WHERE command = 'run' ORDER BY started_at`);
      expect(ledger.map((r) => r['status'])).toEqual(['succeeded', 'failed']);
    });
  });
}
