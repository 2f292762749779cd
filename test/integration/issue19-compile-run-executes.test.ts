/**
 * Issue 19, item 3: the file `compile run --days` writes is what the run sends. Two identical warehouses get the same
 * events, a first run and the same corrections (one in the days, one exclusion, one event moved into the days from a
 * day before them); then one runs `backfill run` (its window is the days) and the other executes the compiled file's
 * statements in order, with a fixed operation id put in for the placeholder. The stage tables come out the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { codeOnly, splitStatements } from '../../src/compiler/sql-text';
import { compileRun } from '../../src/operations/compile-run';
import { PLACEHOLDER_ID } from '../../src/operations/compiled-files';
import { event, LOCAL_TARGETS, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']; // the run's window: current_date_offset 3

const EVENTS = [
  event({ event_id: 'c1', event_created_at: '2026-11-18T09:00:00Z' }),
  event({ event_id: 'c2', event_created_at: '2026-11-19T09:00:00Z', event_data: { Status: 'Pending', Carrier: 'UPS' } }),
  event({ event_id: 'c3', event_created_at: '2026-11-20T09:00:00Z', event_data: { Status: 'Pending', Carrier: 'DHL' } }),
  event({ event_id: 'c4', event_created_at: '2026-11-21T09:00:00Z' }),
  event({ event_id: 'c5', event_created_at: '2026-11-22T09:00:00Z' }),
  event({ event_id: 'c6', event_created_at: '2026-11-23T09:00:00Z' }),
  event({ event_id: 'p1', event_name: 'PaymentCompleted', event_created_at: '2026-11-21T10:00:00Z', event_data: { Amount: 12.5, Currency: 'EUR', Status: 'Done', Attempt: 1 } }),
  event({ event_id: 'p2', event_name: 'PaymentCompleted', event_created_at: '2026-11-22T10:00:00Z', event_data: { Amount: 3, Currency: 'EUR', Status: 'Done', Attempt: 2 } }),
];

/** The same warehouse twice over: events, a first full run, then the corrections a run must pick up. */
async function prepared(target: (typeof LOCAL_TARGETS)[number]): Promise<TestWarehouse> {
  const t = await TestWarehouse.create(AS_OF, { target });
  await t.load(EVENTS);
  await t.run({ fullRefresh: true });
  await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['c3'], set: { '$.Status': 'Failed' }, description: 'lost' });
  await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'c5', description: 'dup' });
  // c2 moved from 2026-11-19 (before the days) into them: its old stage row must go (the moved-key delete).
  const json = t.ctx.compiled.env.dialect.type('json');
  await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_data, exception_added_timestamp, exception_description, is_event_update)
    VALUES ('c2', TIMESTAMP '2026-11-21 08:00:00', 'CardWasShipped', 'user-1', CAST('{"Status":"Moved","Carrier":"UPS"}' AS ${json}), TIMESTAMP '2026-11-23 11:00:00', 'moved', TRUE)`);
  return t;
}

/** A compiled file's statements, in order (comment-only pieces dropped), the placeholder id replaced. */
function statementsOf(file: string, operationId: string, backslashEscapes: boolean): string[] {
  const text = fs.readFileSync(file, 'utf8').split(PLACEHOLDER_ID).join(operationId);
  return splitStatements(text, backslashEscapes).filter((s) => codeOnly(s, backslashEscapes).trim() !== '');
}

describe.each(LOCAL_TARGETS)('%s: executing the compiled file gives the stage tables of the run', (target) => {
  let ran: TestWarehouse;
  let compiled: TestWarehouse;
  beforeAll(async () => {
    ran = await prepared(target);
    compiled = await prepared(target);
  });
  afterAll(async () => {
    await ran?.close();
    await compiled?.close();
  });

  it('same stage rows, and the watermark and ledger rows written under the substituted id', async () => {
    const summary = await ran.run();
    const card = summary.models.find((m) => m.model === 'card_shipped')!;
    expect(card).toMatchObject({ status: 'succeeded', mode: 'days' });
    expect(card.days.filter((d) => DAYS.includes(d))).toEqual(DAYS);

    const files = compileRun(compiled.ctx, { select: undefined, days: DAYS, at: AS_OF });
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['card_shipped.sql', 'payment_completed.sql']);
    const escapes = compiled.ctx.compiled.env.dialect.backslashEscapes;
    const ids: Record<string, string> = { 'card_shipped.sql': '11111111-1111-4111-8111-111111111111', 'payment_completed.sql': '22222222-2222-4222-8222-222222222222' };
    for (const f of files) {
      for (const sql of statementsOf(path.join(compiled.dir, f), ids[path.basename(f)]!, escapes)) await compiled.wh.run({ sql, params: {} });
    }

    for (const model of ['card_shipped', 'payment_completed']) expect(await compiled.stage(model)).toEqual(await ran.stage(model));
    const cardRows = await compiled.stage('card_shipped');
    expect(cardRows.map((r) => [r['event_id'], r['status']])).toEqual([['c1', 'Shipped'], ['c2', 'Moved'], ['c3', 'Failed'], ['c4', 'Shipped'], ['c6', 'Shipped']]);
    const marks = await compiled.query(`SELECT model, operation_id FROM backfill.model_watermarks ORDER BY model`);
    expect(marks).toEqual([
      { model: 'card_shipped', operation_id: ids['card_shipped.sql'] },
      { model: 'payment_completed', operation_id: ids['payment_completed.sql'] },
    ]);
    const ops = await compiled.query(`SELECT operation_id, command, status FROM backfill.operations WHERE operation_id IN ('${ids['card_shipped.sql']}', '${ids['payment_completed.sql']}') ORDER BY operation_id`);
    expect(ops).toEqual([
      { operation_id: ids['card_shipped.sql'], command: 'run', status: 'succeeded' },
      { operation_id: ids['payment_completed.sql'], command: 'run', status: 'succeeded' },
    ]);
  });
});
