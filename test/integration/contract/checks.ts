/** `backfill check`: each check passes on a sound warehouse and fails, naming the ids, on the fault it looks for. */
import { runChecks, type CheckResult } from '../../../src/checks/checks';
import { event, TestWarehouse, type TargetKind } from '../../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

export function checksContract(target: TargetKind): void {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([
      event({ event_id: 'a', event_created_at: '2026-11-20T10:00:00Z' }),
      event({ event_id: 'b', event_created_at: '2026-11-21T10:00:00Z' }),
      event({ event_id: 'p', event_created_at: '2026-11-21T10:00:00Z', event_name: 'PaymentCompleted', event_data: { Amount: 1 } }),
    ]);
    await t.run();
  });
  afterEach(async () => {
    await t.close();
  });
  const failing = async (): Promise<Array<[string, string | null, unknown[]]>> =>
    (await runChecks(t.wh, t.ctx, [...t.ctx.compiled.models.values()])).filter((r: CheckResult) => r.status === 'fail').map((r) => [r.check, r.model, r.sample.map((s) => s['event_id'])]);

  it('all checks pass on a sound warehouse', async () => {
    const all = await runChecks(t.wh, t.ctx, [...t.ctx.compiled.models.values()]);
    expect(all.length).toBe(8);
    expect(await failing()).toEqual([]);
  });

  it('finds a duplicated stage key (and the row that should not be there)', async () => {
    await t.query("INSERT INTO stage.card_shipped SELECT * FROM stage.card_shipped WHERE event_id = 'a'");
    expect(await failing()).toEqual([['stage keys are unique', 'card_shipped', ['a']]]);
  });

  it('finds an excluded event still in the stage table, and a stale row', async () => {
    await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'b', description: 'x' });
    await t.query("UPDATE stage.card_shipped SET status = 'stale' WHERE event_id = 'a'");
    expect(await failing()).toEqual([
      ['no excluded event in the stage table', 'card_shipped', ['b']],
      ['every stage row equals its effective row', 'card_shipped', ['a', 'a', 'b']],
    ]);
    await t.run({ fullRefresh: true });
    expect(await failing()).toEqual([]);
  });

  it('finds orphan updates and colliding inserts among hand-written exceptions', async () => {
    const insert = (id: string, update: boolean): Promise<unknown> =>
      t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, event_data, exception_added_timestamp, exception_description, is_event_update)
        VALUES ('${id}', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', ${t.ctx.compiled.env.dialect.jsonLiteral('{"Status":"x"}')}, TIMESTAMP '2026-11-23 10:00:00', 'hand', ${update ? 'TRUE' : 'FALSE'})`);
    await insert('ghost', true);
    await insert('a', false);
    await t.run();
    const names = (await failing()).map(([c, , ids]) => [c, ids]);
    expect(names).toEqual([
      ['no orphan updates (is_event_update without an original event)', ['ghost']],
      ['no colliding inserts (is_event_update = false for an id the original has)', ['a']],
    ]);
  });
}
