/**
 * Targeted runs that correct events one by one on days outside the window (row-wise models), and keep whole days
 * where a model's rows depend on other rows or a revert may hand an event back to an original copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { revertOperation } from '../../../src/revert/revert';
import { contextFor, event, REPO_ROOT, TestWarehouse, type TargetKind } from '../../helpers/project';
import { referenceEffective, referenceSummary, stageSummary } from '../../helpers/reference';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const card = fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8');
/** Not row-wise: each row counts the user's events of its day, so one correction changes its neighbours. */
const perUser = `{{config event_name="CardWasShipped"}}
select event_id, event_created_at, user_id, count(*) over (partition by user_id, cast(event_created_at as date)) as user_day_events
from {{events}}`;

/** A user macro that moves an event to another time: its rows do not keep their events' days (no `keeps_event_days`). */
const MOVE = `{{!--
description: Move an event to another time, copied from its effective row.
args:
  event_id: { type: event_id, required: true }
  to: { type: timestamp, required: true }
--}}
INSERT INTO {{tables.exceptions}} ({{columns}}, exception_added_timestamp, exception_description, is_event_update, operation_id)
WITH {{effective_events as="current_events" event_name="CardWasShipped"}}
SELECT event_id, CAST({{args.to}} AS {{type "timestamp"}}), event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, {{op.ts}}, 'moved', TRUE, {{op.id}}
FROM current_events
WHERE event_id = {{args.event_id}}`;

export function correctionsContract(target: TargetKind): void {
  describe('planning a targeted run from the rows an operation wrote', () => {
    it("rows of operations keeping their events' days need no stage lookup; an operation moving an event gets one", async () => {
      const t = await TestWarehouse.create(AS_OF, { target, models: { card_shipped: card }, macros: { move_card: MOVE } });
      try {
        await t.load([
          event({ event_id: 'a', event_created_at: '2026-11-02T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending' } }),
          event({ event_id: 'c', event_created_at: '2026-11-05T10:00:00Z', user_id: 'u2', event_data: { Status: 'Pending' } }),
          event({ event_id: 'w', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u4', event_data: { Status: 'Pending' } }),
        ]);
        await t.run();
        const sent: string[] = [];
        const send = t.wh.run.bind(t.wh);
        (t.wh as { run: typeof t.wh.run }).run = (stmt) => {
          sent.push(stmt.sql);
          return send(stmt);
        };
        const lookups = (): number => sent.filter((q) => /IN \(SELECT event_id FROM touched\)/.test(q)).length;
        const rows = async (): Promise<string[][]> => (await t.stage('card_shipped')).map((r) => [String(r['event_id']), String(r['event_created_at']).slice(0, 10), String(r['status'])]);
        await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a'], set: { '$.Status': 'Failed' }, description: 'x' });
        const first = await t.run();
        expect(first.models[0]).toMatchObject({ reason: 'window of 4 days + 1 touched (corrected events only)' });
        expect(sent.filter((q) => q.includes('AS unkept'))).toHaveLength(1);
        expect(lookups()).toBe(0);
        expect(await rows()).toEqual([['a', '2026-11-02', 'Failed'], ['c', '2026-11-05', 'Pending'], ['w', '2026-11-22', 'Pending']]);
        // Moved by a macro that does not declare keeps_event_days: the stage table is asked where 'c' sits (11-05).
        sent.length = 0;
        await t.op('move_card', { event_id: 'c', to: '2026-11-09T09:00:00Z' });
        const second = await t.run();
        expect(second.models[0]!.days).toEqual(['2026-11-05', '2026-11-09', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
        expect(lookups()).toBe(1);
        expect(await rows()).toEqual([['a', '2026-11-02', 'Failed'], ['c', '2026-11-09', 'Pending'], ['w', '2026-11-22', 'Pending']]);
        const before = await t.stage('card_shipped');
        await t.run({ fullRefresh: true });
        expect(await t.stage('card_shipped')).toEqual(before);
      } finally {
        await t.close();
      }
    });
  });


  describe('corrections outside the window', () => {
    let t: TestWarehouse;
    beforeEach(async () => {
      t = await TestWarehouse.create(AS_OF, { target, models: { card_shipped: card, user_days: perUser } });
      await t.load([
        event({ event_id: 'a', event_created_at: '2026-11-02T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending' } }),
        event({ event_id: 'b', event_created_at: '2026-11-02T11:00:00Z', user_id: 'u1', event_data: { Status: 'Pending' } }),
        event({ event_id: 'c', event_created_at: '2026-11-05T10:00:00Z', user_id: 'u2', event_data: { Status: 'Pending' } }),
        event({ event_id: 'd', event_created_at: '2026-11-08T10:00:00Z', user_id: 'u3', event_data: { Status: 'Pending' } }),
        event({ event_id: 'w', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u4', event_data: { Status: 'Pending' } }),
      ]);
      await t.run();
    });
    afterEach(async () => {
      await t.close();
    });

    const model = (summary: Awaited<ReturnType<TestWarehouse['run']>>, name: string) => summary.models.find((m) => m.model === name)!;
    const expectExact = async (): Promise<void> => {
      const card = await t.stage('card_shipped');
      expect(stageSummary(card)).toEqual(referenceSummary(await referenceEffective(t, 'CardWasShipped')));
      const perUserNow = await t.stage('user_days');
      await t.run({ fullRefresh: true });
      expect(await t.stage('card_shipped')).toEqual(card);
      expect(await t.stage('user_days')).toEqual(perUserNow);
    };

    it('a row-wise model replaces only the corrected events; a model over other rows replaces their days', async () => {
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a'], set: { '$.Status': 'Failed' }, description: 'x' });
      // A late original row on the corrected day: a whole-day rebuild takes it in, an event-by-event one leaves it
      // to a full refresh (SPEC §5: runs plan from the side tables).
      await t.load([event({ event_id: 'late', event_created_at: '2026-11-02T12:00:00Z', user_id: 'u9' })]);
      const run = await t.run();
      expect(model(run, 'card_shipped')).toMatchObject({ reason: 'window of 4 days + 1 touched (corrected events only)', days: ['2026-11-02', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'] });
      expect(model(run, 'user_days').reason).toBe('window of 4 days + 1 touched');
      const cardRows = await t.stage('card_shipped');
      expect(cardRows.map((r) => [r['event_id'], r['status']])).toEqual([['a', 'Failed'], ['b', 'Pending'], ['c', 'Pending'], ['d', 'Pending'], ['w', 'Pending']]);
      expect((await t.stage('user_days')).map((r) => r['event_id'])).toContain('late');
      await t.run({ fullRefresh: true });
      expect((await t.stage('card_shipped')).map((r) => r['event_id'])).toContain('late');
    });

    it('moves, exclusions and a change of event name reach the stage tables exactly', async () => {
      await t.run({ fullRefresh: true });
      await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'b', description: 'dup' });
      const json = (text: string): string => t.ctx.compiled.env.dialect.jsonLiteral(text);
      await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_data, exception_added_timestamp, exception_description, is_event_update)
        VALUES ('c', TIMESTAMP '2026-11-09 09:00:00', 'CardWasShipped', 'u2', ${json('{"Status":"Moved"}')}, TIMESTAMP '2026-11-23 11:00:00', 'moved to another old day', TRUE),
               ('d', TIMESTAMP '2026-11-08 10:00:00', 'CardWasCancelled', 'u3', ${json('{"Status":"Cancelled"}')}, TIMESTAMP '2026-11-23 11:00:00', 'renamed', TRUE),
               ('a', TIMESTAMP '2026-11-21 10:00:00', 'CardWasShipped', 'u1', ${json('{"Status":"Into the window"}')}, TIMESTAMP '2026-11-23 11:00:00', 'moved into the window', TRUE)`);
      const run = await t.run();
      expect(model(run, 'card_shipped').reason).toMatch(/\(corrected events only\)$/);
      expect((await t.stage('card_shipped')).map((r) => [r['event_id'], String(r['event_created_at']).slice(0, 10), r['status']])).toEqual([
        ['a', '2026-11-21', 'Into the window'],
        ['c', '2026-11-09', 'Moved'],
        ['w', '2026-11-22', 'Pending'],
      ]);
      await expectExact();
    });

    it('after a revert a targeted run replaces whole days (an event may fall back to its original copy)', async () => {
      const op = await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['c'], set: { '$.Status': 'Failed' }, description: 'x' });
      await t.run();
      await revertOperation(t.wh, t.ctx, op.operation_id, { force: false });
      const run = await t.run();
      expect(model(run, 'card_shipped').reason).toBe('window of 4 days + 1 touched');
      expect((await t.stage('card_shipped')).find((r) => r['event_id'] === 'c')!['status']).toBe('Pending');
      await expectExact();
    });

    it.each([
      ['a column added', card.replace('  user_id,', '  user_id,\n  event_name,')],
      ['a column removed', card.replace(/\n[^\n]*as carrier,/, '')],
      ['a column renamed', card.replace('as carrier', 'as shipping_carrier')],
    ])('a model with %s is refused by an incremental run, writing nothing, until --full-refresh', async (_case, changed) => {
      expect(changed).not.toBe(card);
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a'], set: { '$.Status': 'Failed' }, description: 'x' });
      const before = await t.stage('card_shipped');
      fs.writeFileSync(path.join(t.dir, 'models', 'card_shipped.sql'), changed);
      t.ctx = contextFor(t.dir, t.ctx.asOf);
      const run = await t.run({ select: ['card_shipped'] });
      expect(model(run, 'card_shipped')).toMatchObject({ status: 'failed', rows: 0 });
      expect(model(run, 'card_shipped').error).toMatch(/^stage\.card_shipped: the model's columns changed \(event_id, event_created_at, user_id, card_id, status, carrier, country, shipped_at → .*\); rebuild it with --full-refresh$/);
      expect(await t.stage('card_shipped')).toEqual(before);
      const full = await t.run({ select: ['card_shipped'], fullRefresh: true });
      expect(model(full, 'card_shipped')).toMatchObject({ status: 'succeeded', rows: 5 });
      const after = await t.stage('card_shipped');
      expect(Object.keys(after[0]!)).not.toEqual(Object.keys(before[0]!));
      expect(after.find((r) => r['event_id'] === 'a')!['status']).toBe('Failed');
      // And the next incremental run works with the new columns.
      expect(model(await t.run({ select: ['card_shipped'] }), 'card_shipped').status).toBe('succeeded');
    });
  });
}
