/** `backfill plan`: the effect of an operation or of the next run, measured without keeping anything. */
import { planOperation, planRun } from '../../../src/operations/what-if';
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

export function planContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([
      event({ event_id: 'a', event_created_at: '2026-11-02T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending' } }),
      event({ event_id: 'b', event_created_at: '2026-11-10T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending' } }),
      event({ event_id: 'c', event_created_at: '2026-11-21T10:00:00Z', user_id: 'u2', event_data: { Status: 'Pending' } }),
      event({ event_id: 'd', event_created_at: '2026-11-21T11:00:00Z', user_id: 'u3', event_data: { Status: 'Shipped' } }),
    ]);
    await t.run();
  });
  afterEach(async () => {
    await t.close();
  });
  const counts = async (): Promise<number[]> => [await t.count('s3.backend_events_exceptions'), await t.count('s3.backend_events_exclusions'), await t.count('backfill.operations')];

  it('plan run-operation: rows, events per name, top users, oldest event, days to rebuild — and nothing kept', async () => {
    const before = await counts();
    const report = await planOperation(t.wh, t.ctx, 'update_event_data', { stage_table_name: 'card_shipped', where: { '$.Status': 'Pending' }, set: { '$.Status': 'Failed' }, description: 'x' });
    expect(report.rows).toEqual({ 's3.backend_events_exceptions': 3, 's3.backend_events_exclusions': 0 });
    expect(report.impact.events_by_name).toEqual({ CardWasShipped: 3 });
    expect(report.impact.top_users).toEqual([{ user_id: 'u1', events: 2 }, { user_id: 'u2', events: 1 }]);
    expect(report.impact.oldest_event).toMatch(/^2026-11-02 10:00:00/);
    const card = report.models.find((m) => m.model === 'card_shipped')!;
    expect(card.days).toEqual(['2026-11-02', '2026-11-10', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    expect(await counts()).toEqual(before);
    expect((await t.run()).models.find((m) => m.model === 'card_shipped')!.days).not.toContain('2026-11-02');
  });

  it('plan run: the days the next run rebuilds and the events written since the last run', async () => {
    await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['a', 'b'], description: 'x' });
    const before = await counts();
    const report = await planRun(t.wh, t.ctx, ['card_shipped'], false);
    expect(report.models).toEqual([{ model: 'card_shipped', mode: 'days', reason: 'window of 4 days + 2 touched (corrected events only)', days: ['2026-11-02', '2026-11-10', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'] }]);
    expect(report.impact).toEqual({ events_by_name: { CardWasShipped: 2 }, top_users: [{ user_id: 'u1', events: 2 }], oldest_event: expect.stringMatching(/^2026-11-02 10:00:00/) });
    expect(await counts()).toEqual(before);
  });
}
