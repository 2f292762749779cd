/**
 * `npm run bench -- --rows N` past 10M events: the scale cases only. A full rebuild vs its CTAS floor and the
 * incremental 3-day run at N events, then the same incremental run on a 10M-event table built in the same run: the
 * incremental run's cost must follow the days rebuilt, not the table's size. The big table is the reference's events
 * per day over more days (100M: 3,650 days, ten years), as case 4 compares a 365-day table with a 30-day one: over
 * 365 days too, its 3 days would hold 10× the rows, which is 10× the work whatever the table's size. Peak RSS is reported; DuckDB is bounded
 * by the bench target's `memory_limit` and `threads` (backfill.yml, see setup.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runnerStatements } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { modelSql } from '../rebuild/model-sql';
import { runModels } from '../rebuild/run';
import { BENCH_DUCKDB_LIMITS, fmt, measure, project, rated, withGenerated, type Args } from './setup';
import { BENCH_FLOOR } from './sql';

/** The events of the reference table the incremental run at N is compared with. */
export const SCALE_REFERENCE_ROWS = 10_000_000;

interface ScaleRound {
  readonly floor: number;
  readonly full: number;
  readonly incr: number;
  readonly peakMb: number;
  readonly incrPeakMb: number;
}

/** `rounds` rounds on a fresh warehouse of `rows` events: CTAS floor and full rebuild (once each; `floor` only with `withFloor`), then the incremental run (best of 5). */
async function scaleRounds(rows: number, days: number, rounds: number, withFloor: boolean): Promise<{ total: number; rounds: ScaleRound[]; seconds: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-scale-'));
  const t0 = performance.now();
  try {
    const ctx = project(dir, { card_shipped: fs.readFileSync(path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql'), 'utf8') });
    const floorSql = new Sql(modelSql(ctx, ctx.compiled.models.get('card_shipped')!, null, { floor: true }));
    return await withGenerated(ctx, dir, rows, days, async ({ wh, total }) => {
      const out: ScaleRound[] = [];
      for (let r = 0; r < rounds; r++) {
        const floor = withFloor ? await measure(async () => {
          for (const s of runnerStatements(ctx, BENCH_FLOOR, { model_sql: floorSql })) await wh.run(s);
        }) : { seconds: NaN, peakMb: 0 };
        const full = await measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: true }));
        await wh.run({ sql: 'CHECKPOINT', params: {} });
        const incr = await measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: false }), 5);
        out.push({ floor: floor.seconds, full: full.seconds, incr: incr.seconds, peakMb: Math.max(floor.peakMb, full.peakMb), incrPeakMb: incr.peakMb });
      }
      return { total, rounds: out, seconds: (performance.now() - t0) / 1000 };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The days over which `rows` events have the reference's events per day (10M over 365 days). */
export function scaleDays(rows: number): number {
  return Math.round((365 * rows) / SCALE_REFERENCE_ROWS);
}

/** Runs the scale cases and prints their lines, the last one JSON. */
export async function scaleBench(args: Args): Promise<void> {
  const rounds = 2;
  const days = scaleDays(args.rows);
  const big = await scaleRounds(args.rows, days, rounds, true);
  const b = { ratios: {} as Record<string, number> };
  const r = big.rounds;
  const best = (xs: readonly ScaleRound[], k: 'floor' | 'full' | 'incr'): number => Math.min(...xs.map((x) => x[k]));
  const peak = Math.max(...r.map((x) => x.peakMb));
  console.log(`data: ${big.total} original rows (${args.rows} events + 1% duplicated deliveries, 1% exceptions, 0.5% exclusions) over ${days} days (the reference's events per day); this part took ${fmt(big.seconds)} s`);
  rated(b, 'full_rebuild_vs_ctas', `S1 full rebuild vs CTAS floor, ${args.rows} events (<= 1.2)`, best(r, 'full'), best(r, 'floor'), r.map((x) => x.full / x.floor), `; peak rss ${peak} MB`);
  rated(b, 'incremental_3_days_vs_full', 'S2 incremental 3-day window vs full', best(r, 'incr'), best(r, 'full'), r.map((x) => x.incr / x.full), `; peak rss ${Math.max(...r.map((x) => x.incrPeakMb))} MB`);
  const ref = await scaleRounds(SCALE_REFERENCE_ROWS, 365, rounds, false);
  console.log(`reference: ${ref.total} original rows (${SCALE_REFERENCE_ROWS} events over 365 days), built and timed in ${fmt(ref.seconds)} s`);
  rated(b, 'incremental_vs_incremental_at_10m', `S3 incremental at ${args.rows} vs at ${SCALE_REFERENCE_ROWS} (<= 1.3)`, best(r, 'incr'), best(ref.rounds, 'incr'), r.map((x, i) => x.incr / ref.rounds[i]!.incr));
  console.log(JSON.stringify({ rows: args.rows, days, original_rows: big.total, ...Object.fromEntries(Object.entries(b.ratios).map(([k, v]) => [k, Number(v.toFixed(4))])), peak_rss_mb_full: peak, peak_rss_mb_incremental: Math.max(...r.map((x) => x.incrPeakMb)), duckdb_memory_limit: BENCH_DUCKDB_LIMITS.memory_limit, duckdb_threads: BENCH_DUCKDB_LIMITS.threads }));
}
