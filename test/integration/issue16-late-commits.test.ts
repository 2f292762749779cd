/**
 * Issue 16, item 6: a side-table row whose transaction commits after a run planned (its inserted_at, the
 * transaction's start, older than the watermark that run stored) is still read by the next targeted run. PostgreSQL,
 * with an analyst's session on a second connection and the real binary for the operation and the runs.
 */
import { Client } from 'pg';
import { cli } from '../helpers/cli';
import { event, TestWarehouse } from '../helpers/project';
import type { PostgresTargetConfig } from '../../src/targets/postgres/postgres-config';

const AS_OF = '2026-11-23T12:00:00Z';
const EXCL = 's3.backend_events_exclusions';

describe('late commits of hand-written side-table rows (PostgreSQL)', () => {
  let t: TestWarehouse;
  let analyst: Client;
  beforeEach(async () => {
    t = await TestWarehouse.create(new Date(AS_OF), { target: 'postgres' });
    await t.load([
      // Both old, outside the window of 2026-11-20..23: only a touched day brings them into a targeted run.
      event({ event_id: 'old-1', event_created_at: '2026-11-01T10:00:00Z' }),
      event({ event_id: 'old-2', event_created_at: '2026-11-05T10:00:00Z' }),
      event({ event_id: 'new-1', event_created_at: '2026-11-22T10:00:00Z' }),
    ]);
    analyst = new Client({ connectionString: process.env[(t.ctx.project.target as PostgresTargetConfig).connection_env!] });
    await analyst.connect();
    await analyst.query("SET TIME ZONE 'UTC'");
  });
  afterEach(async () => {
    await analyst.end().catch(() => undefined);
    await t.close();
  });

  const ids = async (): Promise<string[]> => (await t.stage('card_shipped')).map((r) => String(r['event_id']));

  it('an exclusion inserted in a transaction open across an operation and a run is applied by the next plain run', async () => {
    expect(cli(t.dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    expect(await ids()).toEqual(['new-1', 'old-1', 'old-2']);

    // The analyst's transaction starts now: the row's inserted_at (DEFAULT now()) is this moment.
    await analyst.query('BEGIN');
    await analyst.query(
      `INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description)
       VALUES ('old-1', TIMESTAMP '2026-11-01 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 11:00:00', 'by hand')`,
    );
    await new Promise((r) => setTimeout(r, 50));
    // Meanwhile an operation and a run finish: the run's watermark is the operation's (later) inserted_at.
    const op = cli(t.dir, ['run-operation', 'add_duplicates_to_exclusions', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_id: old-2, description: dup}']);
    expect(op.status).toBe(0);
    expect(cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    expect(await ids()).toEqual(['new-1', 'old-1']);
    await analyst.query('COMMIT');

    // The committed row looks older than the operation's rows the run saw; the next plain run still takes it: old-1 leaves the stage table without --full-refresh.
    const next = cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(next.status).toBe(0);
    expect(await ids()).toEqual(['new-1']);
    // A run after that, with no transaction open, moves the watermark up to the high-water mark again.
    expect(cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    const [mark] = await t.query(`SELECT w.watermark = (SELECT MAX(inserted_at) FROM ${EXCL}) AS caught_up FROM backfill.model_watermarks w WHERE w.model = 'card_shipped'`);
    expect(mark!['caught_up']).toBe(true);
    expect(await ids()).toEqual(['new-1']);
  });

  it('a run with no other transaction open stores the high-water mark itself (nothing read twice)', async () => {
    expect(cli(t.dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    expect(cli(t.dir, ['run-operation', 'add_duplicates_to_exclusions', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_id: old-2, description: dup}']).status).toBe(0);
    expect(cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    const [mark] = await t.query(`SELECT w.watermark = (SELECT MAX(inserted_at) FROM ${EXCL}) AS caught_up FROM backfill.model_watermarks w WHERE w.model = 'card_shipped'`);
    expect(mark!['caught_up']).toBe(true);
  });
});

describe.each(['duckdb', 'postgres'] as const)('hand-written side-table rows from a session west of UTC (%s)', (target) => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(new Date(AS_OF), { target });
    await t.load([event({ event_id: 'old-1', event_created_at: '2026-11-01T10:00:00Z' }), event({ event_id: 'old-2', event_created_at: '2026-11-05T10:00:00Z' })]);
  });
  afterEach(async () => {
    await t.query(target === 'postgres' ? "SET TIME ZONE 'UTC'" : "SET TimeZone = 'UTC'");
    await t.close();
  });

  it('an exclusion written with a New York session time zone is applied by the next plain run', async () => {
    await t.run({ fullRefresh: true, select: ['card_shipped'] });
    await t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'old-2', description: 'dup' });
    await t.run({ select: ['card_shipped'] });
    // The analyst's session is 5 hours behind UTC: its CURRENT_TIMESTAMP, as a plain timestamp, would be 5 hours old.
    await t.query(target === 'postgres' ? "SET TIME ZONE 'America/New_York'" : "SET TimeZone = 'America/New_York'");
    await t.query(
      `INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description)
       VALUES ('old-1', TIMESTAMP '2026-11-01 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 11:00:00', 'by hand')`,
    );
    await t.query(target === 'postgres' ? "SET TIME ZONE 'UTC'" : "SET TimeZone = 'UTC'");
    const [row] = await t.query(`SELECT e.inserted_at >= w.watermark AS after FROM ${EXCL} e, backfill.model_watermarks w WHERE e.event_id = 'old-1' AND w.model = 'card_shipped'`);
    expect(row!['after']).toBe(true);
    await t.run({ select: ['card_shipped'] });
    expect((await t.stage('card_shipped')).map((r) => r['event_id'])).toEqual([]);
  });
});
