/**
 * Full refreshes in day batches, each checkpointed: the result equals an unbatched full refresh, and a run that
 * stopped part-way is finished by `resume` without redoing or doubling a batch.
 */
import { sampleEvents } from '../../../src/demo/sample-events';
import { UsageError } from '../../../src/errors';
import { getOperation, listOperations } from '../../../src/ledger/read-entries';
import { resumeRun } from '../../../src/operations/resume';
import { TestWarehouse, type TargetKind } from '../../helpers/project';
import type { BatchProgress } from '../../../src/rebuild/results';

const AS_OF = new Date('2026-11-23T12:00:00Z');

export function batchesContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load(sampleEvents({ seed: 3, count: 600, days: 20, asOf: AS_OF, duplicateRate: 0.05, businessDuplicateRate: 0.05 }));
    await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 30 });
  });
  afterEach(async () => {
    await t.close();
  });
  const withBatches = (days: number): void => {
    t.ctx = { ...t.ctx, project: { ...t.ctx.project, vars: { ...t.ctx.project.vars, batch_days: days } } };
  };
  const batchRows = (op: string) => t.query(`SELECT model, batch_no, status, row_count FROM backfill.operation_batches WHERE operation_id = '${op}' ORDER BY model, batch_no`);

  it('a batched full refresh equals an unbatched one, with every batch checkpointed', async () => {
    await t.run({ fullRefresh: true });
    const expected = { card: await t.stage('card_shipped'), pay: await t.stage('payment_completed') };
    withBatches(4);
    const seen: BatchProgress[] = [];
    const run = await (await import('../../../src/rebuild/run')).runModels(t.wh, t.ctx, { fullRefresh: true, onBatch: (p) => seen.push(p) });
    expect(run.status).toBe('succeeded');
    expect(await t.stage('card_shipped')).toEqual(expected.card);
    expect(await t.stage('payment_completed')).toEqual(expected.pay);
    const batches = await batchRows(run.operation_id);
    expect(batches.length).toBeGreaterThanOrEqual(10);
    expect(batches.every((b) => b['status'] === 'done')).toBe(true);
    const cardRows = batches.filter((b) => b['model'] === 'card_shipped').reduce((n, b) => n + Number(b['row_count']), 0);
    expect(cardRows).toBe(expected.card.length);
    expect(seen.filter((p) => p.model === 'card_shipped').map((p) => p.batch)).toEqual(batches.filter((b) => b['model'] === 'card_shipped').map((b) => Number(b['batch_no'])));
    expect(await t.wh.columns('stage.__backfill_next_card_shipped')).toBeNull();
  });

  it('a batchable operation runs in checkpointed day batches; killed part-way, resume finishes it without doubling', async () => {
    const args = { stage_table_name: 'card_shipped', where: { '$.Status': 'Shipped' }, set: { '$.Status': 'Checked' }, description: 'audit' };
    withBatches(3);
    const run = t.wh.run.bind(t.wh);
    let batchInserts = 0;
    t.wh.run = async (s) => {
      if (/^INSERT INTO \S*backend_events_exceptions/.test(s.sql) && ++batchInserts === 3) throw new Error('simulated crash in batch 3');
      return run(s);
    };
    const err = await t.op('update_event_data', args).catch((e: unknown) => e);
    t.wh.run = run;
    expect(String(err)).toMatch(/finish it with 'backfill resume [0-9a-f-]{36}'.*simulated crash/);
    const id = /resume ([0-9a-f-]{36})/.exec(String(err))![1]!;
    const partial = await t.count('s3.backend_events_exceptions');
    const seen: number[] = [];
    const summary = await resumeRun(t.wh, t.ctx, id, { onBatch: (p) => seen.push(p.batch) });
    expect(summary.status).toBe('succeeded');
    expect(seen[0]).toBe(3);
    const written = await t.count(`s3.backend_events_exceptions WHERE operation_id = '${id}'`);
    expect(written).toBeGreaterThan(partial - 1);
    const doubled = await t.query(`SELECT event_id FROM s3.backend_events_exceptions WHERE operation_id = '${id}' GROUP BY event_id HAVING COUNT(*) > 1`);
    expect(doubled).toEqual([]);
    await t.run({ fullRefresh: true });
    const statuses = new Set((await t.stage('card_shipped')).map((r) => r['status']));
    expect(statuses.has('Shipped')).toBe(false);
    expect(statuses.has('Checked')).toBe(true);
    expect((await getOperation(t.wh, t.ctx, id))['status']).toBe('succeeded');
    // Unbatched, the same correction finds nothing left to do.
    t.ctx = { ...t.ctx, project: { ...t.ctx.project, vars: { ...t.ctx.project.vars, batch_days: null } } };
    expect((await t.op('update_event_data', args)).rows['s3.backend_events_exceptions']).toBe(0);
  });

  it('resume finishes a run that failed part-way: old stage kept until the swap, no batch redone', async () => {
    await t.run({ fullRefresh: true });
    const expected = await t.stage('card_shipped');
    await t.query("UPDATE stage.card_shipped SET status = 'old state' WHERE TRUE");
    const old = await t.stage('card_shipped');
    withBatches(2);
    const run = t.wh.run.bind(t.wh);
    let inserts = 0;
    t.wh.run = async (s) => {
      if (s.sql.startsWith('INSERT INTO') && s.sql.includes('__backfill_next_card_shipped') && ++inserts === 4) throw new Error('simulated crash in batch 4');
      return run(s);
    };
    const failed = await (await import('../../../src/rebuild/run')).runModels(t.wh, t.ctx, { fullRefresh: true, select: ['card_shipped'] });
    t.wh.run = run;
    expect(failed.status).toBe('failed');
    expect(failed.models[0]!.error).toMatch(/simulated crash in batch 4.*backfill resume/);
    expect(await t.stage('card_shipped')).toEqual(old);
    expect((await batchRows(failed.operation_id)).map((b) => b['status']).slice(0, 4)).toEqual(['done', 'done', 'done', 'pending']);

    const done: number[] = [];
    const resumed = await resumeRun(t.wh, t.ctx, failed.operation_id, { onBatch: (p) => done.push(p.batch) });
    expect(resumed.status).toBe('succeeded');
    expect(done[0]).toBe(4);
    expect(await t.stage('card_shipped')).toEqual(expected);
    const batches = await batchRows(failed.operation_id);
    expect(batches.every((b) => b['status'] === 'done')).toBe(true);
    expect(batches.reduce((n, b) => n + Number(b['row_count']), 0)).toBe(expected.length);
    expect((await getOperation(t.wh, t.ctx, failed.operation_id))['status']).toBe('succeeded');

    const err = await resumeRun(t.wh, t.ctx, failed.operation_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/finished already/);
    const opId = String((await listOperations(t.wh, t.ctx, { limit: 10, macro: 'remove_duplicates_by_event_id' }))[0]!['operation_id']);
    await expect(resumeRun(t.wh, t.ctx, opId)).rejects.toThrow(/finished already \(succeeded\)/);
    await expect(resumeRun(t.wh, t.ctx, 'nope')).rejects.toThrow(/not in the ledger/);
  });
}
