/**
 * The same events and the same operations on every local target must give the same stage tables, row for row.
 */
import { sampleEvents } from '../../src/demo/sample-events';
import { LOCAL_TARGETS, TestWarehouse } from '../helpers/project';
import type { Row } from '../../src/warehouse/warehouse';

const AS_OF = new Date('2026-11-23T12:00:00Z');

async function scenario(target: (typeof LOCAL_TARGETS)[number]): Promise<Record<string, Row[]>> {
  const t = await TestWarehouse.create(AS_OF, { target });
  try {
    expect(t.wh.dialect.name).toBe(target === 'duckdb' ? 'duckdb' : 'postgres');
    await t.load(sampleEvents({ seed: 7, count: 1500, days: 30, asOf: AS_OF, duplicateRate: 0.05, businessDuplicateRate: 0.05 }));
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

it('DuckDB and PostgreSQL give identical stage tables for the same events and operations', async () => {
  const [duck, pg] = [await scenario('duckdb'), await scenario('postgres')];
  expect(duck['card_shipped']!.length).toBeGreaterThan(400);
  expect(duck['card_shipped']!.filter((r) => r['status'] === 'Failed').length).toBeGreaterThan(0);
  expect(duck['payment_completed']!.filter((r) => r['currency'] === 'GBP' && r['advisor_id'] === null)).toEqual([]);
  expect(duck['payment_completed']!.filter((r) => r['currency'] === 'GBP').length).toBeGreaterThan(0);
  expect(pg).toEqual(duck);
});
