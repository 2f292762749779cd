/**
 * `npm run bench [-- --quick | --rows N | --only rebuild,targeted,dedup,import,compile,cli,bytes | --target postgres]`: the speed promises measured on DuckDB, each as a ratio against a floor
 * timed in the same run (these machines are noisy). The last line is one JSON object with every ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { UsageError } from '../errors';
import { compileCase, dedupCases, importCase, rebuildCases, targetedCases } from './cases';
import { bytesCases } from './bytes-cases';
import { cliCases } from './cli-cases';
import { benchTarget, pgBench } from './pg-main';
import { SCALE_REFERENCE_ROWS, scaleBench } from './scale-cases';
import { fmt, parseArgs, project, runs, withGenerated, type Bench } from './setup';

async function bench(): Promise<void> {
  if (benchTarget(process.argv.slice(2)) === 'postgres') return pgBench(process.argv.slice(2));
  const args = parseArgs(process.argv.slice(2));
  if (args.rows > SCALE_REFERENCE_ROWS) return scaleBench(args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-'));
  const card = fs.readFileSync(path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql'), 'utf8');
  const ctx = project(dir, { card_shipped: card });
  const t0 = performance.now();
  try {
    const report = await withGenerated(ctx, dir, args.rows, 365, async ({ wh, total }) => {
      const b: Bench = { wh, ctx, args, card, dir, ratios: {} };
      console.log(`data: ${total} original rows (${args.rows} events + 1% duplicated deliveries, 1% exceptions, 0.5% exclusions) over 365 days in arrival order, generated in ${fmt((performance.now() - t0) / 1000)} s; default settings (no vars.dedup_window_days)`);
      const full = runs(args, 'rebuild') ? await rebuildCases(b) : null;
      const targeted = runs(args, 'targeted') ? await targetedCases(b) : null;
      if (runs(args, 'dedup')) await dedupCases(b);
      if (runs(args, 'import')) await importCase(b);
      if (runs(args, 'compile')) await compileCase(b);
      return { b, total, full, targeted };
    });
    // The warehouse is closed now: the CLI's processes open the file themselves.
    if (runs(args, 'cli')) cliCases(dir, ctx.asOf, report.b.ratios, args.fixRounds);
    if (runs(args, 'bytes')) await bytesCases(report.b.ratios);
    const { b, total, full, targeted } = report;
    console.log(JSON.stringify({ rows: args.rows, original_rows: total, ...Object.fromEntries(Object.entries(b.ratios).map(([k, v]) => [k, Number(v.toFixed(4))])), peak_rss_mb_full: full?.peakMb, peak_rss_mb_targeted: targeted?.peakMb, peak_heap_mb_full: full?.heapMb, peak_heap_mb_targeted: targeted?.heapMb }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

bench().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError ? err.exitCode : 1;
});
