/**
 * Issue 20, item 2: on the emulator a bigquery target's dry runs report the bytes BigQuery's on-demand pricing
 * would count, and the finished jobs report the same; a rebuild of 1 day of N reads about 1/N of a full refresh;
 * `backfill run --dry-run` and `backfill plan run` print those figures (src/cli/estimates.ts).
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import type { Statement } from '../../src/compiler/sql';
import { planModel } from '../../src/rebuild/plan-days';
import { runModels } from '../../src/rebuild/run';
import { rebuildStatements } from '../../src/rebuild/steps';
import { driverMethod } from '../../src/targets/warehouse';
import { runCli } from '../helpers/bigquery';
import { useBigqueryEmulator } from '../helpers/emulator';
import { contextFor, event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const DAYS = 10;
/** Bytes the emulator counted for each statement it ran (dry runs are not run), and the scans of the original. */
const ran: number[] = [];
const originalScans: Array<{ head: string; partitions: boolean }> = [];
useBigqueryEmulator({
  observe: (sql, bytes) => {
    ran.push(bytes.processed);
    for (const s of bytes.scans) if (s.table === 'kinesis.backend_events') originalScans.push({ head: sql.trim().split(/\s+/).slice(0, 4).join(' '), partitions: s.partitions });
  },
});

let tw: TestWarehouse;
// In a describe block, so that the warehouse closes (dropping its schemas) before the emulator stops.
describe('bytes on the emulator', () => {
  beforeAll(async () => {
    tw = await TestWarehouse.create(AS_OF, { target: 'bigquery' });
    // The same 3 events (names, payload sizes) on each of the 10 days before and including the as-of day.
    const rows = [];
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(AS_OF.getTime() - d * 86_400_000).toISOString().slice(0, 10);
      for (const [i, name] of ['CardWasShipped', 'CardWasShipped', 'PaymentCompleted'].entries()) {
        rows.push(event({ event_id: `e-${String(d).padStart(2, '0')}-${i}`, event_created_at: `${day}T0${i + 1}:00:00Z`, event_name: name, event_data: { Status: 'Shipped', Carrier: 'DHL' } }));
      }
    }
    await tw.load(rows);
    await tw.run({ fullRefresh: true });
  }, 120_000);
  afterAll(() => tw.close());

  /** Each build statement's dry-run figure, then the same statement run: the bytes the finished job reported. */
  async function estimatedAndRan(statements: readonly Statement[]): Promise<Array<[number, number]>> {
    const estimate = driverMethod(tw.wh, 'estimate');
    const out: Array<[number, number]> = [];
    for (const s of statements) {
      const dry = await estimate(s);
      ran.length = 0;
      await tw.wh.run(s);
      out.push([dry, ran.reduce((a, b) => a + b, 0)]);
    }
    return out;
  }

  it('dry-run bytes equal the finished jobs\' bytes, and a 1-day rebuild reads ~1/N of a full refresh', async () => {
    // A window of the as-of day only; an event's copies on its own day (vars.dedup_window_days: 0).
    const ctx = contextFor(tw.dir, AS_OF, '{current_date_offset: 0, dedup_window_days: 0}');
    const model = ctx.compiled.models.get('card_shipped')!;
    const build = async (fullRefresh: boolean): Promise<Array<[number, number]>> =>
      estimatedAndRan(rebuildStatements(ctx, await planModel(tw.wh, ctx, model, { fullRefresh })).build.filter(ctx.compiled.env.adapter.isEstimated));
    const full = await build(true);
    const day = await build(false);
    for (const [dry, done] of [...full, ...day]) expect(done).toBe(dry);
    const sum = (xs: Array<[number, number]>): number => xs.reduce((a, [b]) => a + b, 0);
    expect(sum(full)).toBeGreaterThan(1000);
    // The day's rows are read once (its candidate ids and its copies share the scan: each scan is billed), the full
    // refresh reads every day once: ~1/N.
    expect(sum(day) / sum(full)).toBeGreaterThanOrEqual(0.99 / DAYS);
    expect(sum(day) / sum(full)).toBeLessThan(1.1 / DAYS);
  }, 120_000);

  it('a scheduled run reads only its days of the original, the event name\'s presence check included', async () => {
    const ctx = contextFor(tw.dir, AS_OF, '{current_date_offset: 1, dedup_window_days: 1}');
    originalScans.length = 0;
    await runModels(tw.wh, ctx, { select: ['card_shipped'], fullRefresh: false });
    expect(originalScans.length).toBeGreaterThan(1);
    // `WHERE FALSE` (the migrations' column-type probe) counts as pruned: it reads nothing.
    expect(originalScans.filter((s) => !s.partitions)).toEqual([]);
  }, 120_000);

  it('run --dry-run and plan run print non-zero bytes per statement and in all', async () => {
    for (const args of [['run', '--dry-run'], ['plan', 'run']]) {
      const r = await runCli(tw.dir, [...args, '--as-of', AS_OF.toISOString()]);
      expect(r.status).toBe(0);
      const each = [...r.stdout.matchAll(/card_shipped statement \d+\/\d+: would process .* \((\d+) bytes\)/g)].map((m) => Number(m[1]));
      expect(each.length).toBeGreaterThan(0);
      expect(each.every((n) => n > 0)).toBe(true);
      expect(r.stdout).toMatch(/card_shipped: [\d.]+ K?B in all/);
    }
  }, 120_000);
});
