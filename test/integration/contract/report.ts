/**
 * Issue 21: the report's queries give the figures of what was done, on every target: rows per day (original, side
 * tables, stage now and after the next run, rows it removes and adds), the checks, the next run's plan, the last
 * run per model and the ledger with its SQL.
 */
import { reportData } from '../../../src/report/report-data';
import { reportView } from '../../../src/report/report-view';
import { renderReport } from '../../../src/report/report';
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const zero = { original: 0, exceptions: 0, exclusions: 0, stage_before: 0, stage_after: 0, stage_removed: 0, stage_added: 0 };

export function reportContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([
      event({ event_id: 'c1', event_created_at: '2026-11-22T10:00:00Z' }),
      event({ event_id: 'c2', event_created_at: '2026-11-22T11:00:00Z' }),
      event({ event_id: 'c2', event_created_at: '2026-11-22T11:00:00Z', event_ingested_at: new Date('2026-11-22T11:09:00Z') }),
      event({ event_id: 'c3', event_created_at: '2026-11-01T09:00:00Z' }),
      event({ event_id: 'p1', event_created_at: '2026-11-21T08:00:00Z', event_name: 'PaymentCompleted', event_data: { Amount: 1 } }),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('per-day figures, checks, pending rebuilds, last runs and the ledger agree with what was done', async () => {
    const run = await t.run();
    const exclude = await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'c1', description: '<b>dup</b>' });
    await t.op('update_event_data', { stage_table_name: 'card_shipped', event_id: 'c3', set: { '$.Status': 'Lost' }, description: 'lost' });
    const data = await reportData(t.wh, t.ctx, { days: 30 });

    expect(data.days).toHaveLength(30);
    expect(data.days[0]!.day).toBe('2026-10-25');
    expect(data.days.filter((d) => d.original + d.exceptions + d.exclusions + d.stage_after > 0)).toEqual([
      { ...zero, day: '2026-11-01', original: 1, exceptions: 1, stage_before: 1, stage_after: 1, stage_removed: 1, stage_added: 1 },
      { ...zero, day: '2026-11-21', original: 1, stage_before: 1, stage_after: 1 },
      { ...zero, day: '2026-11-22', original: 3, exclusions: 1, stage_before: 2, stage_after: 1, stage_removed: 1 },
    ]);
    expect(data.checks.filter((c) => c.status === 'fail').map((c) => [c.model, c.check])).toEqual([
      ['card_shipped', 'no excluded event in the stage table'],
      ['card_shipped', 'every stage row equals its effective row'],
    ]);
    expect(data.pending.map((p) => [p.model, p.mode, p.touched_days])).toEqual([
      ['card_shipped', 'days', ['2026-11-01']],
      ['payment_completed', 'days', []],
    ]);
    expect(data.last_runs.map((r) => [r.model, r.operation_id, r.status])).toEqual([
      ['card_shipped', run.operation_id, 'succeeded'],
      ['payment_completed', run.operation_id, 'succeeded'],
    ]);
    expect(data.last_runs[0]!.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    expect(data.ledger.map((e) => [e.command, e.macro, e.status, e.description])).toEqual([
      ['run-operation', 'update_event_data', 'succeeded', 'lost'],
      ['run-operation', 'add_duplicates_to_exclusions', 'succeeded', '<b>dup</b>'],
      ['run', null, 'succeeded', ''],
    ]);
    const excluded = data.ledger[1]!;
    expect(excluded.operation_id).toBe(exclude.operation_id);
    expect(excluded.rows.filter((r) => r.count !== 0)).toEqual([{ table: 's3.backend_events_exclusions', count: 1 }]);
    expect(excluded.sql).toMatch(/INSERT INTO\s+["`]s3["`]\.["`]backend_events_exclusions["`]/);
    expect(excluded.started_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const html = renderReport(reportView(data));
    expect(html).toContain('&lt;b&gt;dup&lt;/b&gt;');
    expect(html).not.toContain('<b>dup</b>');
  });
}
