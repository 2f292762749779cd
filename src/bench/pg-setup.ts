/** The PostgreSQL bench's set-up: its arguments, a throwaway server, the bench project on it and its generated events. */
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../compiler/days';
import { compileProject } from '../compiler/project';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { loadProject } from '../config/load';
import { migrate } from '../ledger/migrations';
import { TABLE_COUNT } from '../rebuild/sql';
import { postgresAdapter } from '../targets/postgres/postgres-adapter';
import { PostgresDialect } from '../targets/postgres/postgres-dialect';
import { openWarehouse, withOpenWarehouse } from '../targets/registry';
import type { Warehouse } from '../targets/warehouse';
import { startPgServer, stopPgServer } from './pg-server';
import { parseOnly } from './setup';
import { BENCH_GENERATE } from './sql';

/** The variable the bench project's postgres target reads its URL from. */
const URL_ENV = 'BACKFILL_BENCH_PG_URL';

export interface PgArgs {
  readonly rows: number;
  readonly importRows: number;
  /** Rounds of the full rebuild, its floor and the incremental run. */
  readonly rounds: number;
  /** Rounds of the targeted rebuild. */
  readonly fixRounds: number;
  /** `--only a,b`: the cases to run (all when null). */
  readonly only: ReadonlySet<PgBenchCase> | null;
}

/** The PostgreSQL bench's cases, by the name `--only` takes. */
export const PG_BENCH_CASES = ['rebuild', 'targeted', 'import'] as const;
export type PgBenchCase = (typeof PG_BENCH_CASES)[number];

/** `--target postgres [--quick | --rows N | --only rebuild,targeted,import]`: 2M events unless told (`--quick`: 100k). */
export function parsePgArgs(argv: readonly string[]): PgArgs {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--rows');
  const rows = i >= 0 ? Number(argv[i + 1]) : quick ? 100_000 : 2_000_000;
  if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows: a whole number of at least 1000');
  return { rows, importRows: Math.min(rows, quick ? 20_000 : 500_000), rounds: quick ? 2 : 3, fixRounds: quick ? 1 : 3, only: parseOnly(argv, PG_BENCH_CASES) };
}

/**
 * A bench project on the postgres target: the DuckDB bench's window (`current_date_offset: 2`) and, unless
 * `defaults`, its dedup window (`vars.dedup_window_days: 2`).
 */
export function pgProject(dir: string, models: Record<string, string>, opts: { defaults?: boolean } = {}): RunContext {
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  const vars = opts.defaults ? '{ current_date_offset: 2 }' : '{ current_date_offset: 2, dedup_window_days: 2 }';
  fs.writeFileSync(path.join(dir, 'backfill.yml'), `name: bench\ntargets:\n  pg: { type: postgres, connection_env: ${URL_ENV} }\nvars: ${vars}\n`);
  for (const [name, sql] of Object.entries(models)) fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), sql);
  const p = loadProject({ projectDir: dir });
  return { project: p, compiled: compileProject(p, new PostgresDialect(), postgresAdapter), asOf: new Date('2026-12-31T12:00:00Z') };
}

const DAY_US = 86_400_000_000;

/**
 * Starts a throwaway server, migrates the bench project there and generates `rows` events over 365 days, runs `fn`
 * with the open warehouse, then closes it and stops (and deletes) the server.
 */
export async function withPgGenerated<T>(ctx: () => RunContext, rows: number, fn: (g: { wh: Warehouse; ctx: RunContext; total: number }) => Promise<T>): Promise<T> {
  const server = await startPgServer();
  process.env[URL_ENV] = server.url;
  try {
    const c = ctx();
    return await withOpenWarehouse(
      () => openWarehouse(c.project, 'backfill bench'),
      async (wh) => {
        await migrate(wh, c, { createOriginal: true });
        const bounds = { rows, span_us: 365 * DAY_US, start: addDays(c.asOf, -365), written_at: addDays(c.asOf, -400) };
        for (const s of runnerStatements(c, BENCH_GENERATE, bounds)) await wh.run(s);
        const total = Number((await wh.run(runnerStatement(c, TABLE_COUNT, { table: c.compiled.env.tables.original }))).rows[0]!['row_count']);
        return fn({ wh, ctx: c, total });
      },
    );
  } finally {
    stopPgServer(server);
  }
}
