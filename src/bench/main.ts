/**
 * `npm run bench [-- --quick | --rows N]`: the speed promises measured on DuckDB, each as a ratio against a floor
 * timed in the same run (these machines are noisy). The last line is one JSON object with every ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '../compiler/days';
import { compileProject, PACKAGE_ROOT } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { loadProject } from '../config/load';
import { importEvents } from '../import/import-events';
import { migrate } from '../ledger/migrations';
import { runModels } from '../rebuild/run';
import { revertOperation } from '../revert/revert';
import { runOperation } from '../operations/run-operation';
import { duckdbAdapter } from '../targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../targets/duckdb/duckdb-dialect';
import { DuckdbWarehouse } from '../targets/duckdb/duckdb-driver';
import { modelSql } from '../rebuild/model-sql';
import { BENCH_FLOOR, BENCH_GENERATE, FULL_SCAN, READ_JSON } from './sql';
import { TABLE_COUNT } from '../rebuild/sql';

interface Args {
  readonly rows: number;
  readonly importRows: number;
  /** Rounds of cases 1 and 2. */
  readonly rounds: number;
  /** Rounds of cases 3 and 3b, and of case 4. */
  readonly fixRounds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--rows');
  const rows = i >= 0 ? Number(argv[i + 1]) : quick ? 100_000 : 10_000_000;
  if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows: a whole number of at least 1000');
  return { rows, importRows: Math.min(rows, quick ? 20_000 : 1_000_000), rounds: quick ? 3 : 5, fixRounds: quick ? 1 : 3 };
}

/**
 * Wall time of `fn` (best of `repeat`; or the milliseconds `fn` returns, when it times a part itself), the peak RSS
 * seen while it ran (DuckDB's native buffers included) and the peak JavaScript heap (the framework's own memory).
 */
async function measure(fn: () => Promise<unknown>, repeat = 1): Promise<{ seconds: number; peakMb: number; heapMb: number }> {
  let best = Infinity;
  let peak = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  try {
    for (let r = 0; r < repeat; r++) {
      const t0 = performance.now();
      const own = await fn();
      best = Math.min(best, (typeof own === 'number' ? own : performance.now() - t0) / 1000);
    }
  } finally {
    clearInterval(timer);
  }
  return { seconds: best, peakMb: Math.round(peak / 1e6), heapMb: Math.round(heap / 1e6) };
}

/**
 * The bench project: a run's window is 3 days (the as-of day and the 2 before it, `current_date_offset: 2`), and
 * redelivered copies are looked for within 2 days of a rebuilt day (`vars.dedup_window_days`).
 */
function project(dir: string, models: Record<string, string>): RunContext {
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'backfill.yml'), 'name: bench\ntargets:\n  local: { type: duckdb, path: bench.duckdb }\nvars: { current_date_offset: 2, dedup_window_days: 2 }\n');
  for (const [name, sql] of Object.entries(models)) fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), sql);
  const p = loadProject({ projectDir: dir });
  return { project: p, compiled: compileProject(p, new DuckdbDialect(), duckdbAdapter), asOf: new Date('2026-12-31T12:00:00Z') };
}

const fmt = (n: number): string => n.toFixed(3);

const DAY_US = 86_400_000_000;

/** A migrated bench warehouse holding `rows` events spread over the `days` before the as-of date. */
async function generated(ctx: RunContext, dir: string, rows: number, days: number): Promise<{ wh: DuckdbWarehouse; total: number }> {
  const wh = await DuckdbWarehouse.open(path.join(dir, 'bench.duckdb'));
  await migrate(wh, ctx);
  const bounds = { rows, span_us: days * DAY_US, start: addDays(ctx.asOf, -days), written_at: addDays(ctx.asOf, -days - 35) };
  for (const s of runnerStatements(ctx, BENCH_GENERATE, bounds)) await wh.run(s);
  const total = Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table: ctx.compiled.env.tables.original }))).rows[0]!['row_count']);
  return { wh, total };
}

async function bench(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-'));
  const card = fs.readFileSync(path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql'), 'utf8');
  const ctx = project(dir, { card_shipped: card });
  const t0 = performance.now();
  const { wh, total } = await generated(ctx, dir, args.rows, 365);
  const ratios: Record<string, number> = {};
  const line = (name: string, t: number, floor: number, ratio: number, extra = ''): void => {
    console.log(`${name.padEnd(44)} ${fmt(t)} s   floor ${fmt(floor)} s   ratio ${ratio.toFixed(3)}${extra}`);
  };
  /** A case timed in rounds: its ratio is the median of the rounds' ratios, which are printed too. */
  const rated = (key: string, name: string, t: number, floor: number, perRound: readonly number[], extra = ''): void => {
    ratios[key] = [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)]!;
    line(name, t, floor, ratios[key]!, `   rounds ${perRound.map((x) => x.toFixed(3)).join(', ')}${extra}`);
  };
  try {
    console.log(`data: ${total} original rows (${args.rows} events + 1% duplicated deliveries, 1% exceptions, 0.5% exclusions) over 365 days in arrival order, generated in ${fmt((performance.now() - t0) / 1000)} s; vars.dedup_window_days = 2`);
    const model = ctx.compiled.models.get('card_shipped')!;

    // 1 and 2, in five rounds (`--quick`: three): the CTAS floor and a full rebuild (best of 2 each), then the
    //    incremental 3-day window (best of 5: a run takes ~0.1 s, so one stall of the shared host is a fifth of it,
    //    while a full rebuild's 5 s absorb such stalls; best of 3 let them through in some rounds). Each ratio is the
    //    median of its rounds' ratios, so a phase in which the shared machine slows down (it moves the full rebuild
    //    between 3.2 and 7.1 s across runs) does not pair a slow numerator with a fast denominator; five rounds,
    //    because single rounds of one run ranged 0.021–0.063. Before the incremental runs the WAL the full rebuild
    //    left is checkpointed, as it is when the process that wrote it ends: a scheduled run finds the file that way.
    const floorSql = new Sql(modelSql(ctx, model, null, { floor: true }));
    const rounds: Array<{ floor: number; full: number; incr: number }> = [];
    let fullMem = { peakMb: 0, heapMb: 0 };
    for (let r = 0; r < args.rounds; r++) {
      const floorRun = await measure(async () => {
        for (const s of runnerStatements(ctx, BENCH_FLOOR, { model_sql: floorSql })) await wh.run(s);
      }, 2);
      const fullRun = await measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: true }), 2);
      fullMem = { peakMb: Math.max(fullMem.peakMb, fullRun.peakMb), heapMb: Math.max(fullMem.heapMb, fullRun.heapMb) };
      await wh.run({ sql: 'CHECKPOINT', params: {} });
      const incrRun = await measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: false }), 5);
      rounds.push({ floor: floorRun.seconds, full: fullRun.seconds, incr: incrRun.seconds });
    }
    const best = (k: 'floor' | 'full' | 'incr'): number => Math.min(...rounds.map((x) => x[k]));
    const full = { seconds: best('full'), ...fullMem };
    rated('full_rebuild_vs_ctas', '1 full rebuild vs CTAS floor (target <= 1.3)', full.seconds, best('floor'), rounds.map((x) => x.full / x.floor), `; peak rss ${full.peakMb} MB, js heap ${full.heapMb} MB`);
    rated('incremental_3_days_vs_full', '2 incremental 3-day window vs full (<= 0.03)', best('incr'), full.seconds, rounds.map((x) => x.incr / x.full));

    // 3. targeted rebuild after corrections touching 5 old days vs full rebuild
    const ids = (await wh.run({ sql: "SELECT MIN(event_id) AS id FROM kinesis.backend_events WHERE event_name = 'CardWasShipped' AND event_created_at < TIMESTAMP '2026-09-01' GROUP BY CAST(event_created_at AS DATE) ORDER BY 1 LIMIT 5", params: {} })).rows.map((r) => String(r['id']));
    // Each run corrects the same 5 events again (a new value), then rebuilds (best of 3). The model is row-wise, so
    // the old days get their corrected events replaced; 3b forces whole days for comparison. Like 1 and 2, in rounds
    // (three; `--quick`: one) that each start with a full rebuild they are compared with (the ratio: the median).
    let round = 0;
    const corrected = async (c: RunContext): Promise<{ seconds: number; peakMb: number; heapMb: number; plan: string }> => {
      let plan = '';
      const m = await measure(async () => {
        await runOperation(wh, c, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ids, set: { '$.Status': `Bench ${++round}` }, description: 'bench' });
        const t0 = performance.now();
        plan = (await runModels(wh, c, { select: ['card_shipped'], fullRefresh: false })).models[0]?.reason ?? '';
        return performance.now() - t0;
      }, 3);
      return { ...m, plan };
    };
    const daysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-days-'));
    const daysCtx = project(daysDir, { card_shipped: card.replace('{{config event_name="CardWasShipped"', '{{config event_name="CardWasShipped" corrections="days"') });
    const fixes: Array<{ full: number; events: Awaited<ReturnType<typeof corrected>>; days: Awaited<ReturnType<typeof corrected>> }> = [];
    for (let r = 0; r < args.fixRounds; r++) {
      const fullRun = await measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: true }));
      await wh.run({ sql: 'CHECKPOINT', params: {} });
      fixes.push({ full: fullRun.seconds, events: await corrected(ctx), days: await corrected(daysCtx) });
    }
    fs.rmSync(daysDir, { recursive: true, force: true });
    const fixBest = (k: 'events' | 'days'): number => Math.min(...fixes.map((x) => x[k].seconds));
    const fixFull = Math.min(...fixes.map((x) => x.full));
    const targeted = { peakMb: Math.max(...fixes.map((x) => x.events.peakMb)), heapMb: Math.max(...fixes.map((x) => x.events.heapMb)) };
    rated('targeted_5_old_days_vs_full', '3 targeted rebuild, 5 old days, vs full (<= 0.05)', fixBest('events'), fixFull, fixes.map((x) => x.events.seconds / x.full), `; peak rss ${targeted.peakMb} MB, js heap ${targeted.heapMb} MB; ${fixes[0]!.events.plan}`);
    rated('targeted_5_old_days_whole_days_vs_full', '3b same, corrections="days" (whole days)', fixBest('days'), fixFull, fixes.map((x) => x.days.seconds / x.full), `; ${fixes[0]!.days.plan}`);

    // 4. remove_duplicates_by_event_id over 14 days vs a full scan of the original, and vs the same on a young table
    //    (30 days of history at the same events per day): the ratio of the two must stay near 1 as the table ages.
    //    In three rounds (one with `--quick`), old and young alternating, each operation reverted after it is timed
    //    (untimed), so that every round finds and writes the same duplicates; the ratios are the rounds' medians.
    const youngDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-young-'));
    const youngCtx = project(youngDir, { card_shipped: card });
    const young = await generated(youngCtx, youngDir, Math.round((args.rows * 30) / 365), 30);
    try {
      const dedupOnce = async (w: DuckdbWarehouse, c: RunContext): Promise<number> => {
        let id = '';
        const m = await measure(async () => {
          id = (await runOperation(w, c, 'remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 14 })).operation_id;
        });
        await revertOperation(w, c, id, { force: false });
        return m.seconds;
      };
      const dedups: Array<{ scan: number; old: number; young: number }> = [];
      for (let r = 0; r < args.fixRounds; r++) {
        const scan = await measure(() => wh.run(runnerStatement(ctx, FULL_SCAN, { event_name: 'CardWasShipped' })), 2);
        dedups.push({ scan: scan.seconds, old: await dedupOnce(wh, ctx), young: await dedupOnce(young.wh, youngCtx) });
      }
      const dedupBest = (k: 'scan' | 'old' | 'young'): number => Math.min(...dedups.map((x) => x[k]));
      rated('dedup_14_days_vs_full_scan', '4 remove_duplicates 14 days vs full scan', dedupBest('old'), dedupBest('scan'), dedups.map((x) => x.old / x.scan));
      rated('dedup_365_day_table_vs_30_day_table', '4 same, 365-day table vs 30-day table (~1)', dedupBest('old'), dedupBest('young'), dedups.map((x) => x.old / x.young), `   (${young.total} rows)`);
    } finally {
      await young.wh.close();
      fs.rmSync(youngDir, { recursive: true, force: true });
    }

    // 5. import of NDJSON vs read_json into a table (throughput ratio: floor time / import time, target >= 0.5), best of 3
    //    each (three files with distinct ids: a file imported twice is not written again).
    const files = [0, 1, 2].map((f) => {
      const file = path.join(dir, `import-${f}.ndjson`);
      const lines = Array.from({ length: args.importRows }, (_, i) => `${JSON.stringify({ event_id: `imp-${f}-${i}`, event_created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), event_name: 'CardWasShipped', user_id: `u${i % 997}`, event_data: { Status: 'Imported', N: i } })}\n`);
      fs.writeFileSync(file, lines.join(''));
      return file;
    });
    const readJson = await measure(() => wh.run(runnerStatement(ctx, READ_JSON, { file: files[0] })), 3);
    let next = 0;
    const imported = await measure(() => importEvents(wh, ctx, files[next++]!, { description: 'bench', mode: 'insert', keepExtra: false }), 3);
    ratios['import_throughput_vs_read_json'] = readJson.seconds / imported.seconds;
    line(`5 import ${args.importRows} NDJSON vs read_json (>= 0.5)`, imported.seconds, readJson.seconds, ratios['import_throughput_vs_read_json']!);

    // 6. compile of 50 generated models vs node process start
    const many = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-compile-'));
    const models = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`model_${i}`, card.replace('CardWasShipped', `Event${i}`)]));
    const node = await measure(async () => spawnSync(process.execPath, ['-e', '0']), 3);
    const compile = await measure(async () => {
      const c = project(many, models);
      for (const m of c.compiled.models.values()) modelSql(c, m, null);
    }, 3);
    ratios['compile_50_models_vs_node_start'] = compile.seconds / node.seconds;
    line('6 compile 50 models vs node -e 0', compile.seconds, node.seconds, ratios['compile_50_models_vs_node_start']!, `   ${fmt((compile.seconds / 50) * 1000)} ms per model`);
    fs.rmSync(many, { recursive: true, force: true });

    console.log(JSON.stringify({ rows: args.rows, original_rows: total, ...Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(4))])), peak_rss_mb_full: full.peakMb, peak_rss_mb_targeted: targeted.peakMb, peak_heap_mb_full: full.heapMb, peak_heap_mb_targeted: targeted.heapMb }));
  } finally {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

bench().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
