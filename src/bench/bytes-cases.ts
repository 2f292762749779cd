/**
 * Issue 20: bytes as BigQuery's on-demand pricing would bill them, measured on the BigQuery emulator (ZetaSQL's
 * evaluator behind the REST API, in this process): a 3-day incremental run, a targeted run after corrections on 5 old
 * days and `remove_duplicates_by_event_id` over 14 days, each against a full refresh, on a 365-day and a 30-day
 * table. Bytes are proportional to rows, and the evaluator is slow, so the tables hold a few events a day. Measured
 * with the bench's settings (`vars.dedup_window_days: 2`) and without that var (what users get by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { compileProject } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { loadProject } from '../config/load';
import { loadEvents, sampleEvents } from '../demo/sample-events';
import type { StatementBytes } from '../emulator/bigquery/bytes';
import { BigqueryEmulator } from '../emulator/bigquery/server';
import { migrate } from '../ledger/migrations';
import { runOperation } from '../operations/run-operation';
import { runModels } from '../rebuild/run';
import { adapterFor, dialectFor, openWarehouse } from '../targets/registry';
import type { Warehouse } from '../targets/warehouse';
import { ZetasqlService } from '../zetasql/service';
import { fmt } from './setup';

const AS_OF = new Date('2026-12-31T12:00:00Z');
/** The bench project's settings (setup.ts `project`): a 3-day window; copies looked for within 2 days, when set. */
const WINDOWED = '{dedup_window_days: 2}';

/**
 * What the bytes of each job's statements add up to while `fn` runs: those of the event, side and stage tables (they
 * grow with the data) apart from the framework's own tables (ledger, leases, watermarks: the same whatever the data,
 * so on these few rows a large share), and the scans that read the most.
 */
class Meter {
  private log: Array<{ sql: string; bytes: StatementBytes }> | null = null;

  constructor(private readonly frameworkSchema = 'backfill') {}

  readonly observe = (sql: string, bytes: StatementBytes): void => {
    this.log?.push({ sql, bytes });
    // BACKFILL_BENCH_BYTES_DEBUG=1: every statement with its scans, to find the one that reads too much.
    if (process.env['BACKFILL_BENCH_BYTES_DEBUG'] && bytes.scans.length) console.log(`-- ${bytes.scans.map((x) => `${x.table} ${x.partitions ? 'pruned' : 'UNPRUNED'} ${x.bytes} B`).join('; ')}\n${sql}\n`);
  };

  async measure(fn: () => Promise<unknown>): Promise<{ bytes: number; framework: number; top: string[] }> {
    this.log = [];
    try {
      await fn();
      const scans = this.log.flatMap((s) => s.bytes.scans.map((scan) => ({ ...scan, head: s.sql.trim().split(/\s+/).slice(0, 3).join(' ') })));
      const own = (t: string): boolean => t.toLowerCase().startsWith(`${this.frameworkSchema.toLowerCase()}.`);
      const sum = (xs: typeof scans): number => xs.reduce((n, x) => n + x.bytes, 0);
      const data = scans.filter((x) => !own(x.table));
      const top = data.sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((x) => `${x.head} reads ${x.table} ${x.partitions ? 'pruned' : 'UNPRUNED'} ${x.bytes} B`);
      return { bytes: sum(data), framework: sum(scans.filter((x) => own(x.table))), top };
    } finally {
      this.log = null;
    }
  }
}

type Part = 'full' | 'incremental' | 'targeted' | 'dedup';
/** Each operation's data-table bytes, its framework-table bytes and its largest scans. */
type Figures = Record<Part, number> & { readonly framework: Record<Part, number>; readonly notes: Record<Part, string[]> };

/** One table's figures under one setting: a full refresh, then the three operations, each metered by itself. */
async function operations(wh: Warehouse, dir: string, vars: string | undefined, meter: Meter): Promise<Figures> {
  const project = loadProject({ projectDir: dir, vars });
  const ctx: RunContext = { project, compiled: compileProject(project, dialectFor(project.target), adapterFor(project.target)), asOf: AS_OF };
  const run = (): Promise<unknown> => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: false });
  const full = await meter.measure(() => runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: true }));
  const incremental = await meter.measure(run);
  const ids = (await wh.run({ sql: "SELECT MIN(event_id) AS id FROM kinesis.backend_events WHERE event_name = 'CardWasShipped' AND event_created_at < TIMESTAMP '2026-12-15' GROUP BY DATE(event_created_at) ORDER BY 1 LIMIT 5", params: {} })).rows.map((r) => String(r['id']));
  await runOperation(wh, ctx, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ids, set: { '$.Status': `Bench ${vars ?? 'default'}` }, description: 'bench' });
  const targeted = await meter.measure(run);
  const dedup = await meter.measure(() => runOperation(wh, ctx, 'remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 14 }));
  const pick = <T>(f: (m: Awaited<ReturnType<Meter['measure']>>) => T): Record<Part, T> => ({ full: f(full), incremental: f(incremental), targeted: f(targeted), dedup: f(dedup) });
  return { ...pick((m) => m.bytes), framework: pick((m) => m.framework), notes: pick((m) => m.top) };
}

/** A migrated project on a fresh emulator holding `days` days of events (`perDay` a day), measured under both settings. */
async function table(service: ZetasqlService, days: number, perDay: number): Promise<{ windowed: Figures; unset: Figures; rows: number }> {
  const meter = new Meter();
  const emulator = new BigqueryEmulator(service, { project: 'bench-project', location: 'EU', observe: meter.observe });
  const endpoint = await emulator.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-bytes-'));
  try {
    fs.mkdirSync(path.join(dir, 'models'));
    fs.copyFileSync(path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql'), path.join(dir, 'models', 'card_shipped.sql'));
    fs.writeFileSync(path.join(dir, 'backfill.yml'), `name: bench\ntargets:\n  emulator: { type: bigquery, project: bench-project, location: EU, api_endpoint: "${endpoint}", max_retries: 0 }\nvars: { current_date_offset: 2 }\n`);
    const project = loadProject({ projectDir: dir });
    const ctx: RunContext = { project, compiled: compileProject(project, dialectFor(project.target), adapterFor(project.target)), asOf: AS_OF };
    const wh = await openWarehouse(project, 'backfill bench', { ifMissing: 'create' });
    try {
      await migrate(wh, ctx, { createOriginal: true });
      const events = sampleEvents({ seed: 20, count: days * perDay, days, asOf: AS_OF, duplicateRate: 0.05, businessDuplicateRate: 0 });
      await loadEvents(wh, ctx, events);
      // Unmetered: the stage table exists before each setting's full refresh is measured (a refresh over a non-empty
      // table also reads the rows it copies over the old ones), so both settings compare with the same full refresh.
      await runModels(wh, ctx, { select: ['card_shipped'], fullRefresh: true });
      return { windowed: await operations(wh, dir, WINDOWED, meter), unset: await operations(wh, dir, undefined, meter), rows: events.length };
    } finally {
      await wh.close();
    }
  } finally {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CASES = [
  { key: 'incremental_3_days', name: '3-day incremental run', part: 'incremental', target: 0.01 },
  { key: 'targeted_5_days', name: 'targeted run, 5 old days', part: 'targeted', target: 0.02 },
  { key: 'remove_duplicates', name: 'remove_duplicates 14 days', part: 'dedup', target: 0.05 },
] as const;

/** The ratios of one setting into `ratios` (keys `bigquery_bytes_<case>_vs_full[_30_day_table][<suffix>]`), printed. */
function report(ratios: Record<string, number>, label: string, suffix: string, old: Figures, young: Figures): void {
  for (const c of CASES) {
    const key = `bigquery_bytes_${c.key}_vs_full`;
    ratios[`${key}${suffix}`] = old[c.part] / old.full;
    ratios[`${key}_30_day_table${suffix}`] = young[c.part] / young.full;
    ratios[`bigquery_bytes_${c.key}_365_vs_30_day_table${suffix}`] = old[c.part] / young[c.part];
    const missed = old[c.part] / old.full > c.target;
    console.log(`9 bytes ${c.name} vs full ${label}`.padEnd(60) + ` ${old[c.part]} B / ${old.full} B   ratio ${(old[c.part] / old.full).toFixed(4)}${missed ? ' (missed)' : ''} (<= ${c.target})`
      + `   30-day table ${(young[c.part] / young.full).toFixed(4)}   365- vs 30-day bytes ${(old[c.part] / young[c.part]).toFixed(2)} (~1)`);
    console.log(`    framework tables (ledger, leases, watermarks; not in the ratio): ${old.framework[c.part]} B (full refresh: ${old.framework.full} B)${missed ? `; largest scans: ${old.notes[c.part].join('; ')}` : ''}`);
  }
}

/** Case 9: bytes per operation on the emulator; the ratios go into `ratios`. */
export async function bytesCases(ratios: Record<string, number>, perDay = 4): Promise<void> {
  const t0 = performance.now();
  const service = new ZetasqlService();
  try {
    await service.start();
    const old = await table(service, 365, perDay);
    const young = await table(service, 30, perDay);
    console.log(`9 bytes (BigQuery emulator, on-demand billing's sizes): ${old.rows} and ${young.rows} original rows over 365 and 30 days, card_shipped`);
    report(ratios, '(dedup_window_days: 2)', '', old.windowed, young.windowed);
    report(ratios, '(no dedup_window_days)', '_no_dedup_window', old.unset, young.unset);
    console.log(`9 bytes cases took ${fmt((performance.now() - t0) / 1000)} s`);
  } finally {
    service.stop();
  }
}
