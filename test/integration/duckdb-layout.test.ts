/**
 * DuckDB skips row groups by their min/max only when a table is stored in about the order it is filtered by: a full
 * rebuild keeps the original's day order (only ids delivered more than once are ranked), so the per-range deletes
 * of later day rebuilds read a few row groups, not the whole stage table. And those rebuilds stay exact.
 */
import { addDays } from '../../src/compiler/days';
import { runnerStatements } from '../../src/compiler/statements';
import { TestWarehouse } from '../helpers/project';
import { BENCH_GENERATE } from '../../src/bench/sql';

const AS_OF = new Date('2026-11-23T12:00:00Z');

describe('duckdb: stage tables keep the day order of the original', () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await TestWarehouse.create(AS_OF);
    // 30,000 events over 40 days in arrival order, 1% delivered twice, 1% corrected, 0.5% excluded
    const start = addDays(AS_OF, -40);
    for (const s of runnerStatements(t.ctx, BENCH_GENERATE, { rows: 30_000, span_us: 40 * 86_400_000_000, start, written_at: addDays(start, -1) })) await t.wh.run(s);
  }, 60_000);
  afterAll(() => t.close());

  /** Share of neighbouring stage rows (in storage order) whose day does not go backwards. */
  async function dayOrdered(): Promise<number> {
    const [r] = await t.query(`SELECT AVG(CASE WHEN day >= previous THEN 1.0 ELSE 0.0 END) AS ordered
      FROM (SELECT CAST(event_created_at AS DATE) AS day, LAG(CAST(event_created_at AS DATE)) OVER (ORDER BY rowid) AS previous FROM stage.card_shipped)
      WHERE previous IS NOT NULL`);
    return Number(r!['ordered']);
  }

  it('a full rebuild writes the stage rows in day order, but for the few ranked ones', async () => {
    await t.run({ fullRefresh: true, select: ['card_shipped'] });
    expect(await t.count('stage.card_shipped')).toBeGreaterThan(7000);
    expect(await dayOrdered()).toBeGreaterThan(0.97);
  });

  it('a day rebuild after a correction equals a full rebuild', async () => {
    const [old] = await t.query("SELECT MIN(event_id) AS id FROM kinesis.backend_events WHERE event_name = 'CardWasShipped' AND event_created_at < TIMESTAMP '2026-10-25'");
    await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: [String(old!['id'])], set: { '$.Status': 'Layout' }, description: 'layout test' });
    const summary = await t.run({ select: ['card_shipped'] });
    expect(summary.models[0]).toMatchObject({ mode: 'days', status: 'succeeded' });
    const rebuilt = await t.stage('card_shipped');
    await t.run({ fullRefresh: true, select: ['card_shipped'] });
    expect(rebuilt).toEqual(await t.stage('card_shipped'));
    expect(rebuilt.filter((r) => r['status'] === 'Layout')).toHaveLength(1);
  });
});
