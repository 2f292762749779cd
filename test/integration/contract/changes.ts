/**
 * The change feed on every local target: feeds from a sequence of operations, replayed onto an empty key-value
 * copy, equal the stage table after every run; a rebuild that changes nothing emits nothing; a paused sink loses
 * nothing; a full refresh and an initial sync give the same copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deliver, initialSync, listSinks, setSinkStatus } from '../../../src/changes/outbox';
import type { Change } from '../../../src/changes/change';
import { resolveSink } from '../../../src/changes/sinks';
import { revertOperation } from '../../../src/revert/revert';
import { runModels } from '../../../src/rebuild/run';
import { contextFor, event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

/** Values as text, timestamps with a space (each warehouse writes JSON timestamps its own way). */
const norm = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).replace('T', ' ').replace(/(\+00(:00)?|Z)$/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
const normRow = (r: Record<string, unknown>): Record<string, string | null> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)]));

export function changesContract(target: TargetKind): void {
  describe('change feed', () => {
    let t: TestWarehouse;
    let dir: string;
    beforeEach(async () => {
      t = await TestWarehouse.create(AS_OF, { target });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-feed-'));
      await t.load([
        event({ event_id: 'e1', event_created_at: '2026-11-05T09:00:00Z', event_data: { Status: 'Pending', Carrier: 'DHL' } }),
        event({ event_id: 'e2', event_created_at: '2026-11-21T09:00:00Z', event_data: { Status: 'Shipped', Carrier: 'UPS' } }),
        event({ event_id: 'e3', event_created_at: '2026-11-22T09:00:00Z', event_data: { Status: 'Shipped', Carrier: 'DHL' } }),
      ]);
    });
    afterEach(async () => {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const feedFile = (): string => path.join(dir, 'feed.ndjson');
    const sink = () => resolveSink(t.ctx, feedFile());
    const feed = (): Change[] => (fs.existsSync(feedFile()) ? fs.readFileSync(feedFile(), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Change) : []);
    const runFeed = async (fullRefresh = false): Promise<number> => {
      const before = feed().length;
      const run = await runModels(t.wh, t.ctx, { fullRefresh, select: ['card_shipped'], changes: { sink: sink().name } });
      expect(run.models.map((m) => m.error ?? m.status)).toEqual(['succeeded']);
      const d = await deliver(t.wh, t.ctx, sink(), () => undefined);
      expect(d).toMatchObject({ status: 'active', pending: 0 });
      return feed().length - before;
    };
    /** The feed replayed in order onto an empty key-value copy. */
    const replay = (changes: readonly Change[]): Record<string, Record<string, string | null>> => {
      const kv: Record<string, Record<string, string | null>> = {};
      for (const c of changes) {
        if (c.op === 'DELETE') delete kv[c.doc_id];
        else kv[c.doc_id] = normRow(c.value);
      }
      return kv;
    };
    const stageCopy = async () => Object.fromEntries((await t.stage('card_shipped')).map((r) => [String(r['event_id']), normRow(r)]));

    it('replayed onto an empty copy, the feed equals the stage table after every run; a no-op run emits nothing', async () => {
      expect(await runFeed()).toBe(3); // first run: every row
      expect(replay(feed())).toEqual(await stageCopy());
      expect(await runFeed()).toBe(0); // nothing changed: nothing emitted

      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'Failed' }, description: 'lost' });
      expect(await runFeed()).toBe(1);
      expect(feed().at(-1)).toMatchObject({ doc_type: 'card_shipped', doc_id: 'e1', op: 'UPDATE', value: { status: 'Failed' } });
      expect(replay(feed())).toEqual(await stageCopy());

      const excluded = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['e2'], description: 'dup' });
      expect(await runFeed()).toBe(1);
      expect(feed().at(-1)).toEqual({ ts: expect.any(Number), doc_type: 'card_shipped', doc_id: 'e2', op: 'DELETE', value: {} });
      expect(replay(feed())).toEqual(await stageCopy());

      await revertOperation(t.wh, t.ctx, excluded.operation_id, { force: false });
      expect(await runFeed()).toBe(1);
      expect(replay(feed())).toEqual(await stageCopy());
      expect(Object.keys(await stageCopy()).sort()).toEqual(['e1', 'e2', 'e3']);

      expect(await runFeed(true)).toBe(0); // a full refresh that changes nothing emits nothing
      const ts = feed().map((c) => c.ts);
      expect([...ts].sort((a, b) => a - b)).toEqual(ts); // rebuild order
    });

    it('a full refresh in day batches feeds the same changes (compared just before its swap)', async () => {
      expect(await runFeed()).toBe(3);
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e3'], set: { '$.Status': 'Lost' }, description: 'x' });
      await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['e1'], description: 'dup' });
      t.ctx = contextFor(t.dir, t.ctx.asOf, '{batch_days: 5}');
      expect(await runFeed(true)).toBe(2);
      expect(feed().slice(-2).map((c) => [c.doc_id, c.op])).toEqual([['e1', 'DELETE'], ['e3', 'UPDATE']]);
      expect(replay(feed())).toEqual(await stageCopy());
      expect(await runFeed(true)).toBe(0);
    });

    it('a paused sink keeps every change and delivers them, in order, on resume', async () => {
      await runFeed();
      await setSinkStatus(t.wh, t.ctx, sink(), 'paused');
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'Lost' }, description: 'a' });
      await runModels(t.wh, t.ctx, { fullRefresh: false, select: ['card_shipped'], changes: { sink: sink().name } });
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'Found' }, description: 'b' });
      await runModels(t.wh, t.ctx, { fullRefresh: false, select: ['card_shipped'], changes: { sink: sink().name } });
      expect(await deliver(t.wh, t.ctx, sink(), () => undefined)).toMatchObject({ status: 'paused', delivered: 0, pending: 2 });
      expect(feed()).toHaveLength(3);
      expect(await listSinks(t.wh, t.ctx)).toEqual([expect.objectContaining({ sink: sink().name, status: 'paused', pending: 2, delivered: 3 })]);

      await setSinkStatus(t.wh, t.ctx, sink(), 'active');
      expect(await deliver(t.wh, t.ctx, sink(), () => undefined)).toMatchObject({ status: 'active', delivered: 2, pending: 0 });
      expect(feed().slice(3).map((c) => c.value['status'])).toEqual(['Lost', 'Found']);
      expect(replay(feed())).toEqual(await stageCopy());
    });

    it('initial sync emits every current row; an unreachable sink is marked error and keeps its changes', async () => {
      await t.run();
      const fresh = resolveSink(t.ctx, path.join(dir, 'new-consumer.ndjson'));
      expect(await initialSync(t.wh, t.ctx, fresh, [t.ctx.compiled.models.get('card_shipped')!], 'sync-1')).toEqual({ card_shipped: 3 });
      await deliver(t.wh, t.ctx, fresh, () => undefined);
      const synced = fs.readFileSync(path.join(dir, 'new-consumer.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Change);
      expect(synced.every((c) => c.op === 'UPDATE')).toBe(true);
      expect(replay(synced)).toEqual(await stageCopy());

      const blocked = path.join(dir, 'not-a-dir');
      fs.writeFileSync(blocked, 'a file where the sink wants a directory');
      const broken = resolveSink(t.ctx, path.join(blocked, 'feed.ndjson'));
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1', 'e3'], set: { '$.Status': 'Lost' }, description: 'a' });
      await runModels(t.wh, t.ctx, { fullRefresh: true, select: ['card_shipped'], changes: { sink: broken.name } });
      const d = await deliver(t.wh, t.ctx, broken, () => undefined);
      expect(d).toMatchObject({ status: 'error', delivered: 0, pending: 2 });
      expect(d.error).toMatch(/EEXIST|ENOTDIR/);
      expect((await listSinks(t.wh, t.ctx, broken.name))[0]).toMatchObject({ status: 'error', pending: 2 });
    });
  });
}
