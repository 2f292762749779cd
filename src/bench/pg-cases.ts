/** The PostgreSQL bench's cases, each timed against its floor in the same run (see pg-main.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { runnerStatements, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { EVENT_APPEND_COLUMNS, importEvents } from '../import/import-events';
import { runOperation } from '../operations/run-operation';
import { modelSql } from '../rebuild/model-sql';
import { runModels } from '../rebuild/run';
import { driverMethod, type Warehouse } from '../targets/warehouse';
import { measure, rated } from './setup';
import type { PgArgs } from './pg-setup';
import { BENCH_FLOOR, COPY_FLOOR } from './sql';

export interface PgBench {
  readonly wh: Warehouse;
  readonly ctx: RunContext;
  /** The same project without `dedup_window_days` (the default search for copies). */
  readonly defaults: RunContext;
  readonly args: PgArgs;
  readonly dir: string;
  readonly ratios: Record<string, number>;
}

const full = (b: PgBench): Promise<unknown> => runModels(b.wh, b.ctx, { select: ['card_shipped'], fullRefresh: true });
const incremental = (wh: Warehouse, ctx: RunContext) => (): Promise<unknown> => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: false });

/**
 * Full rebuild vs a CTAS of the model's projection (best of 2 each), and the incremental 3-day run vs the full
 * (best of 3; with the bench's dedup window and with the default search), in rounds; each ratio the rounds' median.
 */
export async function pgRebuildCases(b: PgBench): Promise<void> {
  const { wh, ctx } = b;
  const floorSql = new Sql(modelSql(ctx, ctx.compiled.models.get('card_shipped')!, null, { floor: true }));
  const rounds: Array<{ floor: number; full: number; incr: number; incrDefault: number; peakMb: number }> = [];
  for (let r = 0; r < b.args.rounds; r++) {
    const floor = await measure(async () => {
      for (const s of runnerStatements(ctx, BENCH_FLOOR, { model_sql: floorSql })) await wh.run(s);
    }, 2);
    const fullRun = await measure(() => full(b), 2);
    const incr = await measure(incremental(wh, ctx), 3);
    const incrDefault = await measure(incremental(wh, b.defaults), 3);
    rounds.push({ floor: floor.seconds, full: fullRun.seconds, incr: incr.seconds, incrDefault: incrDefault.seconds, peakMb: fullRun.peakMb });
  }
  const best = (k: 'floor' | 'full' | 'incr' | 'incrDefault'): number => Math.min(...rounds.map((x) => x[k]));
  rated(b, 'pg_full_rebuild_vs_ctas', 'pg 1 full rebuild vs CTAS floor (<= 1.3)', best('full'), best('floor'), rounds.map((x) => x.full / x.floor), `; bench rss ${Math.max(...rounds.map((x) => x.peakMb))} MB`);
  rated(b, 'pg_incremental_3_days_vs_full', 'pg 2 incremental 3-day window vs full (<= 0.05)', best('incr'), best('full'), rounds.map((x) => x.incr / x.full));
  rated(b, 'pg_incremental_3_days_vs_full_default_dedup', 'pg 2 same, no dedup_window_days', best('incrDefault'), best('full'), rounds.map((x) => x.incrDefault / x.full));
}

/** A targeted rebuild after corrections on 5 old days vs a full rebuild (as the DuckDB bench's case 3), in rounds. */
export async function pgTargetedCases(b: PgBench): Promise<void> {
  const { wh, ctx } = b;
  const ids = (await wh.run({ sql: "SELECT MIN(event_id) AS id FROM kinesis.backend_events WHERE event_name = 'CardWasShipped' AND event_created_at < TIMESTAMPTZ '2026-09-01 00:00:00+00' GROUP BY CAST(event_created_at AS DATE) ORDER BY 1 LIMIT 5", params: {} })).rows.map((r) => String(r['id']));
  let round = 0;
  const corrected = (c: RunContext) => (): Promise<number> => measure(async () => {
    await runOperation(wh, c, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ids, set: { '$.Status': `Bench ${++round}` }, description: 'bench' });
    const t0 = performance.now();
    await runModels(wh, c, { select: ['card_shipped'], fullRefresh: false });
    return performance.now() - t0;
  }, 3).then((m) => m.seconds);
  const fixes: Array<{ full: number; events: number; eventsDefault: number }> = [];
  for (let r = 0; r < b.args.fixRounds; r++) {
    const fullRun = await measure(() => full(b));
    fixes.push({ full: fullRun.seconds, events: await corrected(ctx)(), eventsDefault: await corrected(b.defaults)() });
  }
  const best = (k: 'full' | 'events' | 'eventsDefault'): number => Math.min(...fixes.map((x) => x[k]));
  rated(b, 'pg_targeted_5_old_days_vs_full', 'pg 3 targeted rebuild, 5 old days, vs full (<= 0.08)', best('events'), best('full'), fixes.map((x) => x.events / x.full));
  rated(b, 'pg_targeted_5_old_days_vs_full_default_dedup', 'pg 3 same, no dedup_window_days', best('eventsDefault'), best('full'), fixes.map((x) => x.eventsDefault / x.full));
}

const COPY_COLUMNS = EVENT_APPEND_COLUMNS;

/**
 * Import of NDJSON vs its floor: the same file read and parsed, its events streamed by `COPY … FROM STDIN` into a
 * table of their columns (throughput ratio: floor time / import time, target >= 0.5), in rounds of one each (a
 * file imported twice is not written again: each round imports a file of its own).
 */
export async function pgImportCase(b: PgBench): Promise<void> {
  const { wh, ctx, args } = b;
  const rounds: Array<{ copy: number; imported: number }> = [];
  for (let r = 0; r < args.fixRounds; r++) {
    const file = path.join(b.dir, `import-${r}.ndjson`);
    const lines = Array.from({ length: args.importRows }, (_, i) => `${JSON.stringify({ event_id: `imp-${r}-${i}`, event_created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), event_name: 'CardWasShipped', user_id: `u${i % 997}`, event_data: { Status: 'Imported', N: i } })}\n`);
    fs.writeFileSync(file, lines.join(''));
    const copy = await measure(async () => {
      for (const s of runnerStatements(ctx, COPY_FLOOR, {})) await wh.run(s);
      const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
        const e = JSON.parse(l) as Record<string, unknown>;
        return [e['event_id'], new Date(String(e['event_created_at'])), e['event_name'], e['user_id'] ?? null, null, null, JSON.stringify(e['event_data']), null];
      });
      await driverMethod(wh, 'appendRows')(`${ctx.project.config.tables.framework_schema}.bench_copy`, COPY_COLUMNS, rows);
    });
    const imported = await measure(() => importEvents(wh, ctx, file, { description: 'bench', mode: 'insert', keepExtra: false }));
    rounds.push({ copy: copy.seconds, imported: imported.seconds });
  }
  const best = (k: 'copy' | 'imported'): number => Math.min(...rounds.map((x) => x[k]));
  rated(b, 'pg_import_vs_copy', `pg 4 import ${args.importRows} NDJSON vs COPY FROM STDIN (>= 0.5)`, best('imported'), best('copy'), rounds.map((x) => x.copy / x.imported));
}
