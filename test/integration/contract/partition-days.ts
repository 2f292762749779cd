/**
 * Found by review of the keeps_event_days planning (a targeted run must equal --full-refresh): models whose stage
 * rows do not sit on their event's day, and a row written by hand under an operation's id.
 */
import type { EventRow } from '../../../src/demo/sample-events';
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const byShipped = `{{config event_name="CardWasShipped" partition_by="shipped_at"}}
select event_id, event_created_at, {{json_value "event_data" "$.ShippedAt" type="timestamp"}} as shipped_at, {{json_value "event_data" "$.Status"}} as status
from {{events}}`;
const card = `{{config event_name="CardWasShipped"}}
select event_id, event_created_at, user_id, {{json_value "event_data" "$.Status"}} as status
from {{events}}`;

const summary = (rows: Record<string, unknown>[]): string[] => rows.map((r) => Object.values(r).map((v) => String(v)).join('|')).sort();

/** Loads `events` and runs, makes `change`, runs again: the targeted run's stage table equals a full refresh's. */
async function targetedEqualsFull(target: TargetKind, model: [string, string], events: readonly EventRow[], change: (t: TestWarehouse) => Promise<void>): Promise<void> {
  const [name, sql] = model;
  const t = await TestWarehouse.create(AS_OF, { target, models: { [name]: sql } });
  try {
    await t.load(events);
    await t.run();
    await change(t);
    await t.run();
    const targeted = summary(await t.stage(name));
    await t.run({ fullRefresh: true });
    expect(targeted).toEqual(summary(await t.stage(name)));
  } finally {
    await t.close();
  }
}

export function partitionDaysContract(target: TargetKind): void {
describe('targeted runs where stage rows are not on their event\'s day', () => {
  it('a model partitioned by a column of event_data: update_event_data moves its row to another partition', () =>
    targetedEqualsFull(target, ['by_shipped', byShipped], [
      event({ event_id: 'a', event_created_at: '2026-11-02T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending', ShippedAt: '2026-11-03T10:00:00Z' } }),
      event({ event_id: 'w', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u4', event_data: { Status: 'Pending', ShippedAt: '2026-11-22T11:00:00Z' } }),
    ], async (t) => {
      await t.op('update_event_data', { stage_table_name: 'by_shipped', event_ids: ['a'], set: { '$.ShippedAt': '2026-11-10T10:00:00Z' }, description: 'x' });
    }));

  it('a hand-written exception that reuses the operation_id of a keeps_event_days operation and moves an event', () =>
    targetedEqualsFull(target, ['card_shipped', card], [
      event({ event_id: 'c', event_created_at: '2026-11-05T10:00:00Z', user_id: 'u2', event_data: { Status: 'Pending' } }),
      event({ event_id: 'w', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u4', event_data: { Status: 'Pending' } }),
    ], async (t) => {
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['w'], set: { '$.Status': 'Failed' }, description: 'x' });
      const [op] = await t.query(`SELECT operation_id FROM s3.backend_events_exceptions WHERE event_id = 'w'`);
      const json = (text: string): string => t.ctx.compiled.env.dialect.jsonLiteral(text);
      await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_data, exception_added_timestamp, exception_description, is_event_update, operation_id)
        VALUES ('c', TIMESTAMP '2026-11-09 09:00:00', 'CardWasShipped', 'u2', ${json('{"Status":"Moved"}')}, TIMESTAMP '2026-11-23 11:00:00', 'moved by hand', TRUE, '${String(op!['operation_id'])}')`);
    }));

  // DuckDB's in-place day rebuild doubles this event too (its moved-key delete is bounded by event_created_at days:
  // a known gap, README), so the case runs on the targets that rebuild through a work table.
  if (target !== 'duckdb') it('moved-key delete with the corrected ids: a window event whose partition column lies outside the window days', () =>
    targetedEqualsFull(target, ['by_shipped', byShipped], [
      event({ event_id: 'a', event_created_at: '2026-11-02T10:00:00Z', user_id: 'u1', event_data: { Status: 'Pending', ShippedAt: '2026-11-02T11:00:00Z' } }),
      event({ event_id: 'w', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u4', event_data: { Status: 'Pending', ShippedAt: '2026-11-10T11:00:00Z' } }),
    ], async (t) => {
      await t.op('update_event_data', { stage_table_name: 'by_shipped', event_ids: ['a'], set: { '$.Status': 'Failed' }, description: 'x' });
    }));
});
}
