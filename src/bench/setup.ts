/** The bench's set-up: arguments, timing, the bench project and its generated warehouse, the ratio report. */
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../compiler/days';
import { compileProject } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { loadProject } from '../config/load';
import { migrate } from '../ledger/migrations';
import { TABLE_COUNT } from '../rebuild/sql';
import { duckdbAdapter } from '../targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../targets/duckdb/duckdb-dialect';
import { DuckdbDriver } from '../targets/duckdb/duckdb-driver';
import { UsageError } from '../errors';
import { withOpenWarehouse } from '../targets/registry';
import { BENCH_GENERATE } from './sql';

export interface Args {
  readonly rows: number;
  readonly importRows: number;
  /** Rounds of cases 1 and 2. */
  readonly rounds: number;
  /** Rounds of cases 3 and 3b, and of case 4. */
  readonly fixRounds: number;
  /** `--only a,b`: the cases to run (all when null). */
  readonly only: ReadonlySet<BenchCase> | null;
}

/** The DuckDB bench's cases, by the name `--only` takes. */
export const BENCH_CASES = ['rebuild', 'targeted', 'dedup', 'import', 'compile', 'cli', 'bytes'] as const;
export type BenchCase = (typeof BENCH_CASES)[number];

/** Whether `--only` (if given) names the case. */
export function runs<C extends string>(args: { readonly only: ReadonlySet<C> | null }, c: C): boolean {
  return args.only === null || args.only.has(c);
}

/**
 * `--only a,b`: the named cases among `cases` (null when not given); an unknown or missing name is a usage error
 * (exit code 2). Shared by the DuckDB and PostgreSQL benches.
 */
export function parseOnly<C extends string>(argv: readonly string[], cases: readonly C[]): ReadonlySet<C> | null {
  const o = argv.indexOf('--only');
  if (o < 0) return null;
  const value = argv[o + 1];
  const names = value === undefined || value.startsWith('--') ? [] : value.split(',').filter((c) => c !== '');
  if (names.length === 0) throw new UsageError(`--only: needs one or more of ${cases.join(', ')}, comma-separated`);
  const unknown = names.filter((c) => !(cases as readonly string[]).includes(c));
  if (unknown.length > 0) throw new UsageError(`--only: unknown case ${unknown.join(', ')}; one or more of ${cases.join(', ')}, comma-separated`);
  return new Set(names as C[]);
}

export function parseArgs(argv: readonly string[]): Args {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--rows');
  const rows = i >= 0 ? Number(argv[i + 1]) : quick ? 100_000 : 10_000_000;
  if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows: a whole number of at least 1000');
  const only = parseOnly(argv, BENCH_CASES);
  return { rows, importRows: Math.min(rows, quick ? 20_000 : 1_000_000), rounds: quick ? 3 : 5, fixRounds: quick ? 1 : 3, only };
}

/**
 * Wall time of `fn` (best of `repeat`; or the milliseconds `fn` returns, when it times a part itself), the peak RSS
 * seen while it ran (DuckDB's native buffers included) and the peak JavaScript heap (the framework's own memory).
 */
export async function measure(fn: () => Promise<unknown>, repeat = 1): Promise<{ seconds: number; peakMb: number; heapMb: number }> {
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

/** What the bench's DuckDB may use (its target in backfill.yml): this machine has 2 cores and 24 GB, shared. */
export const BENCH_DUCKDB_LIMITS = { memory_limit: '8GB', threads: 2 } as const;

/**
 * The bench project: a run's window is 3 days (the as-of day and the 2 before it, `current_date_offset: 2`); every
 * other setting is the default (no `vars.dedup_window_days`: redelivered copies may be on any day, SPEC §3 rule 1).
 */
export function project(dir: string, models: Record<string, string>): RunContext {
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'backfill.yml'), `name: bench\ntargets:\n  local: { type: duckdb, path: bench.duckdb, memory_limit: ${BENCH_DUCKDB_LIMITS.memory_limit}, threads: ${BENCH_DUCKDB_LIMITS.threads} }\nvars: { current_date_offset: 2 }\n`);
  for (const [name, sql] of Object.entries(models)) fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), sql);
  const p = loadProject({ projectDir: dir });
  return { project: p, compiled: compileProject(p, new DuckdbDialect(), duckdbAdapter), asOf: new Date('2026-12-31T12:00:00Z') };
}

export const fmt = (n: number): string => n.toFixed(3);

const DAY_US = 86_400_000_000;

/** Runs `fn` with a migrated bench warehouse holding `rows` events over the `days` before the as-of date, then closes it. */
export async function withGenerated<T>(ctx: RunContext, dir: string, rows: number, days: number, fn: (g: { wh: DuckdbDriver; total: number }) => Promise<T>): Promise<T> {
  return withOpenWarehouse(
    () => DuckdbDriver.open(path.join(dir, 'bench.duckdb'), ctx.project.target.type === 'duckdb' ? ctx.project.target : {}),
    async (wh) => {
      await migrate(wh, ctx);
      const bounds = { rows, span_us: days * DAY_US, start: addDays(ctx.asOf, -days), written_at: addDays(ctx.asOf, -days - 35) };
      for (const s of runnerStatements(ctx, BENCH_GENERATE, bounds)) await wh.run(s);
      const total = Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table: ctx.compiled.env.tables.original }))).rows[0]!['row_count']);
      return fn({ wh, total });
    },
  );
}

/** What every case reads: the 365-day warehouse, its project, the arguments, and where ratios are reported. */
export interface Bench {
  readonly wh: DuckdbDriver;
  readonly ctx: RunContext;
  readonly args: Args;
  /** The card_shipped model's SQL, from which the cases derive their variants. */
  readonly card: string;
  readonly dir: string;
  readonly ratios: Record<string, number>;
}

/** Prints one case's line. */
export function line(name: string, t: number, floor: number, ratio: number, extra = ''): void {
  console.log(`${name.padEnd(44)} ${fmt(t)} s   floor ${fmt(floor)} s   ratio ${ratio.toFixed(3)}${extra}`);
}

/** A case timed in rounds: its ratio is the median of the rounds' ratios, which are printed too. */
export function rated(b: Pick<Bench, 'ratios'>, key: string, name: string, t: number, floor: number, perRound: readonly number[], extra = ''): void {
  b.ratios[key] = [...perRound].sort((x, y) => x - y)[Math.floor(perRound.length / 2)]!;
  line(name, t, floor, b.ratios[key]!, `   rounds ${perRound.map((x) => x.toFixed(3)).join(', ')}${extra}`);
}
