/**
 * The ledger, revert and reviewed backfill files, on every local target: every change is recorded, can be
 * undone (and the undo undone), and the next plain run brings the stage tables back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../../src/errors';
import { listOperations, getOperation } from '../../../src/ledger/read-entries';
import { loadBackfillFiles } from '../../../src/operations/backfill-file';
import { applyBackfills } from '../../../src/operations/backfill-files';
import { importEvents } from '../../../src/import/import-events';
import { revertOperation } from '../../../src/revert/revert';
import { takeLease } from '../../../src/ledger/locks';
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const EXC = 's3.backend_events_exceptions';
const EXCL = 's3.backend_events_exclusions';

/** Registers the ledger/revert/apply scenarios for one target. */
export function ledgerContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([
      event({ event_id: 'e1', event_created_at: '2026-11-05T09:00:00Z', event_data: { Status: 'Pending' } }),
      event({ event_id: 'e2', event_created_at: '2026-11-21T09:00:00Z', event_data: { Status: 'Shipped' } }),
    ]);
    await t.run();
  });
  afterEach(async () => {
    await t.close();
  });
  const revert = (id: string, force = false) => revertOperation(t.wh, t.ctx, id, { force });
  const statuses = async () => Object.fromEntries((await t.stage('card_shipped')).map((r) => [r['event_id'], r['status']]));

  describe('ledger', () => {
    it('records each operation and run: command, macro, args, who, SQL and its hash, rows, times', async () => {
      const op = await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'Failed' }, description: 'lost' });
      const row = await getOperation(t.wh, t.ctx, op.operation_id);
      expect(row).toMatchObject({ command: 'run-operation', macro: 'update_event_data', status: 'succeeded', target: 'local', rows_written: { [EXC]: 1, [EXCL]: 0 } });
      expect(row['args']).toMatchObject({ event_ids: ['e1'], set: { '$.Status': 'Failed' }, description: 'lost', event_name: 'CardWasShipped' });
      expect(String(row['run_by'])).toMatch(/@/);
      expect(String(row['sql_hash'])).toMatch(/^[0-9a-f]{64}$/);
      expect(String(row['sql_text'])).toMatch(/^INSERT INTO/);
      expect(row['finished_at']).not.toBeNull();
      const exc = await t.query(`SELECT operation_id FROM ${EXC}`);
      expect(exc).toEqual([{ operation_id: op.operation_id }]);
      const runs = await listOperations(t.wh, t.ctx, { limit: 10 });
      expect(runs.map((r) => r['command'])).toEqual(['run-operation', 'run']);
      expect((await listOperations(t.wh, t.ctx, { limit: 10, macro: 'update_event_data' })).length).toBe(1);
      expect((await listOperations(t.wh, t.ctx, { limit: 10, status: 'failed' })).length).toBe(0);
      expect((await listOperations(t.wh, t.ctx, { limit: 10, since: new Date('2999-01-01') })).length).toBe(0);
    });
  });

  describe('revert', () => {
    it('takes an operation back; the next run restores the stage table; reverting the revert re-applies it', async () => {
      const before = await t.stage('card_shipped');
      const op = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['e1'], description: 'dup' });
      await t.run();
      expect(Object.keys(await statuses())).toEqual(['e2']);

      const r = await revert(op.operation_id);
      expect(r.rows).toMatchObject({ 'backfill.exclusions_archive': 1, [EXCL]: -1 });
      expect(await t.count(EXCL)).toBe(0);
      const run = await t.run();
      expect(run.models.find((m) => m.model === 'card_shipped')!.days).toContain('2026-11-05');
      expect(await t.stage('card_shipped')).toEqual(before);
      expect((await getOperation(t.wh, t.ctx, op.operation_id))['status']).toBe('reverted');

      await revert(r.operation_id);
      expect(await t.count(EXCL)).toBe(1);
      await t.run();
      expect(Object.keys(await statuses())).toEqual(['e2']);
      expect((await getOperation(t.wh, t.ctx, op.operation_id))['status']).toBe('succeeded');
      expect((await getOperation(t.wh, t.ctx, r.operation_id))['status']).toBe('reverted');
    });

    it('a reverted move hands the event back to its original day, and a reverted exclusion to its older exception', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-move-'));
      const file = path.join(dir, 'move.ndjson');
      fs.writeFileSync(file, `${JSON.stringify({ event_id: 'e1', event_created_at: '2026-11-12T08:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'Moved' } })}\n`);
      const moved = await importEvents(t.wh, t.ctx, file, { description: 'move', mode: 'update', keepExtra: false });
      await t.run();
      const days = async () => Object.fromEntries((await t.stage('card_shipped')).map((r) => [r['event_id'], String(r['event_created_at']).slice(0, 10)]));
      expect(await days()).toEqual({ e1: '2026-11-12', e2: '2026-11-21' });

      // An exclusion on top, then reverted: the event comes back where the move put it (a day no new row names).
      const excluded = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['e1'], description: 'dup' });
      await t.run();
      expect(await days()).toEqual({ e2: '2026-11-21' });
      await revert(excluded.operation_id);
      await t.run();
      expect(await days()).toEqual({ e1: '2026-11-12', e2: '2026-11-21' });

      // The move reverted: back to the original copy's day, which only the original table names.
      await revert(moved.operation_id!);
      await t.run();
      expect(await days()).toEqual({ e1: '2026-11-05', e2: '2026-11-21' });
      expect(await statuses()).toEqual({ e1: 'Pending', e2: 'Shipped' });
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses to revert under later operations on the same events, unless forced', async () => {
      const a = await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'A' }, description: 'a' });
      const b = await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Carrier': 'B' }, description: 'b' });
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e2'], set: { '$.Status': 'C' }, description: 'c' });
      await expect(revert(a.operation_id)).rejects.toThrow(new RegExp(`later operations on the same events: ${b.operation_id} \\(1 events\\); revert those first, or pass --force`));
      expect(await t.count(EXC)).toBe(3);
      await revert(b.operation_id);
      await revert(a.operation_id);
      await t.run();
      expect(await statuses()).toEqual({ e1: 'Pending', e2: 'C' });
    });

    it('forced, it reverts anyway', async () => {
      const a = await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'A' }, description: 'a' });
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Carrier': 'B' }, description: 'b' });
      await revert(a.operation_id, true);
      await t.run();
      expect((await statuses())['e1']).toBe('A');
    });

    it.each([
      ['an unknown operation id', async () => 'nope', /operation 'nope' is not in the ledger/],
      ['a run', async () => String((await listOperations(t.wh, t.ctx, { limit: 1 }))[0]!['operation_id']), /is a 'run', which writes no exceptions/],
      [
        'an operation reverted already',
        async () => {
          const op = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'e2', description: 'x' });
          await revert(op.operation_id);
          return op.operation_id;
        },
        /was already reverted by/,
      ],
    ])('refuses %s (usage error, nothing written)', async (_n, id, message) => {
      const target = await id();
      const before = [await t.count(EXC), await t.count(EXCL), await t.count('backfill.operations')];
      const err = await revert(target).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(message);
      expect([await t.count(EXC), await t.count(EXCL), await t.count('backfill.operations')]).toEqual(before);
    });
  });

  describe('leases (the lock of targets without session locks)', () => {
    it('the first asker holds it; a second waits, then fails naming the holder; released, it is free again', async () => {
      const a = await takeLease(t.wh, t.ctx, 'model:x', 0);
      await expect(takeLease(t.wh, t.ctx, 'model:x', 0.3)).rejects.toThrow(/model:x is locked by .*@.* \(lease since .*\); waited 0\.3s/);
      expect(await t.count('backfill.leases')).toBe(1);
      const other = await takeLease(t.wh, t.ctx, 'model:y', 0);
      await a();
      const b = await takeLease(t.wh, t.ctx, 'model:x', 0);
      await b();
      await other();
      expect(await t.count('backfill.leases')).toBe(0);
    });

    it('a lease left by a dead process expires', async () => {
      const past = () => new Date(Date.now() - 2 * 3600_000);
      await takeLease(t.wh, t.ctx, 'model:x', 0, past); // never released
      const mine = await takeLease(t.wh, t.ctx, 'model:x', 0);
      await mine();
      expect(await t.count('backfill.leases')).toBe(0);
    });
  });

  describe('backfills as reviewed files', () => {
    const write = (name: string, body: string): void => {
      fs.mkdirSync(path.join(t.dir, 'backfills'), { recursive: true });
      fs.writeFileSync(path.join(t.dir, 'backfills', `${name}.yml`), body);
    };
    const FIX = 'macro: update_event_data\nargs: {stage_table_name: card_shipped, event_ids: [e1], set: {$.Status: Failed}}\ndescription: DHL lost it (OPS-1)\nauthor: ana\n';
    const DUP = 'macro: add_duplicates_to_exclusions\nargs: {stage_table_name: card_shipped, event_id: e2}\ndescription: duplicate of e1\nauthor: bo\n';

    it('applies pending files in name order once, records them, and refuses an edited applied file', async () => {
      write('2026_11_23_b_dup', DUP);
      write('2026_11_23_a_fix', FIX);
      const first = await applyBackfills(t.wh, t.ctx, loadBackfillFiles(t.ctx));
      expect(first.map((o) => [o.name, o.status])).toEqual([['2026_11_23_a_fix', 'applied'], ['2026_11_23_b_dup', 'applied']]);
      expect((await t.query(`SELECT exception_description AS d FROM ${EXC}`))[0]!['d']).toBe('DHL lost it (OPS-1)');
      const ledger = await listOperations(t.wh, t.ctx, { limit: 10 });
      expect(ledger.filter((r) => r['command'] === 'apply').map((r) => r['macro']).sort()).toEqual(['add_duplicates_to_exclusions', 'update_event_data']);

      const again = await applyBackfills(t.wh, t.ctx, loadBackfillFiles(t.ctx));
      expect(again.map((o) => o.status)).toEqual(['already applied', 'already applied']);
      expect([await t.count(EXC), await t.count(EXCL)]).toEqual([1, 1]);

      write('2026_11_23_a_fix', FIX.replace('Failed', 'Lost'));
      write('2026_11_24_new', DUP.replace('e2', 'e1'));
      await expect(applyBackfills(t.wh, t.ctx, loadBackfillFiles(t.ctx))).rejects.toThrow(/backfill 2026_11_23_a_fix was applied and its file has changed since/);
      expect([await t.count(EXC), await t.count(EXCL)]).toEqual([1, 1]);
    });

    it('refuses a file with bad arguments before applying any', async () => {
      write('a_ok', DUP);
      write('b_bad', 'macro: update_event_data\nargs: {stage_table_name: nope, event_ids: [e1], set: {$.S: x}}\ndescription: x\nauthor: y\n');
      await expect(applyBackfills(t.wh, t.ctx, loadBackfillFiles(t.ctx))).rejects.toThrow(/stage_table_name: no such stage model/);
      expect(await t.count(EXCL)).toBe(0);
      write('b_bad', 'macro: update_event_data\nargs: {}\nauthor: y\n');
      expect(() => loadBackfillFiles(t.ctx)).toThrow(/b_bad.yml.description: is required/);
    });
  });
}
