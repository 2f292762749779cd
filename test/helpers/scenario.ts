/** One realistic scenario (sample events, corrections, duplicate removal, runs) to replay on any target. */
import { sampleEvents } from '../../src/demo/sample-events';
import type { Row } from '../../src/targets/warehouse';
import { TestWarehouse, type ProjectOptions, type TargetKind } from './project';

export const AS_OF = new Date('2026-11-23T12:00:00Z');

export async function scenario(target: TargetKind, opts: ProjectOptions & { count?: number } = {}): Promise<Record<string, Row[]>> {
  const t = await TestWarehouse.create(AS_OF, { ...opts, target });
  try {
    await t.load(sampleEvents({ seed: 7, count: opts.count ?? 1500, days: 30, asOf: AS_OF, duplicateRate: 0.05, businessDuplicateRate: 0.05 }));
    await t.run();
    await t.op('update_event_data', { stage_table_name: 'card_shipped', where: { '$.Carrier': ['DHL', 'UPS'], '$.Status': 'Pending' }, set: { '$.Status': 'Failed', '$.Review.By': 'ops' }, description: 'lost' });
    await t.op('update_event_data', { event_name: 'PaymentCompleted', where: { event_advisor_id: null, '$.Currency': 'GBP' }, set: { '$.Currency': 'EUR', '$.Amount': 1.5 }, description: 'fx' });
    await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 30 });
    await t.op('remove_duplicates_by_event_id', { stage_table_name: 'payment_completed', lookback_days: 30 });
    await t.op('remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: 'event_external_reference_id', lookback_days: 30 });
    await t.run();
    return { card_shipped: await t.stage('card_shipped'), payment_completed: await t.stage('payment_completed') };
  } finally {
    await t.close();
  }
}

