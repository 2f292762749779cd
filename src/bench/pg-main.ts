/**
 * `npm run bench -- --target postgres [--quick | --rows N | --only rebuild,targeted,import]`: the PostgreSQL promises of issue 22 on a throwaway
 * server (as the tests start one), each a ratio against a floor timed in the same run. The last line is one JSON
 * object with every ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { pgImportCase, pgRebuildCases, pgTargetedCases, type PgBench } from './pg-cases';
import { parsePgArgs, pgProject, withPgGenerated } from './pg-setup';
import { fmt, runs } from './setup';

/** The bench's target: `--target duckdb` (the default) or `postgres`; anything else is refused. */
export function benchTarget(argv: readonly string[]): 'duckdb' | 'postgres' {
  const i = argv.indexOf('--target');
  if (i < 0) return 'duckdb';
  const t = argv[i + 1];
  if (t === 'duckdb' || t === 'postgres') return t;
  throw new Error(`--target: duckdb or postgres, not ${t ?? 'nothing'}`);
}

/** Runs the PostgreSQL bench and prints its lines, the last one JSON. */
export async function pgBench(argv: readonly string[]): Promise<void> {
  const args = parsePgArgs(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-bench-pg-'));
  const card = fs.readFileSync(path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql'), 'utf8');
  const t0 = performance.now();
  try {
    const ctx = (): ReturnType<typeof pgProject> => pgProject(dir, { card_shipped: card });
    const ratios = await withPgGenerated(ctx, args.rows, async ({ wh, ctx: c, total }) => {
      console.log(`target postgres: ${total} original rows (${args.rows} events + 1% duplicated deliveries, 1% exceptions, 0.5% exclusions) over 365 days, generated in ${fmt((performance.now() - t0) / 1000)} s; vars.dedup_window_days = 2 (and without it where said)`);
      const defaults = pgProject(path.join(dir, 'defaults'), { card_shipped: card }, { defaults: true });
      const b: PgBench = { wh, ctx: c, defaults, args, dir, ratios: {} };
      if (runs(args, 'rebuild')) await pgRebuildCases(b);
      if (runs(args, 'targeted')) await pgTargetedCases(b);
      if (runs(args, 'import')) await pgImportCase(b);
      return b.ratios;
    });
    console.log(JSON.stringify({ target: 'postgres', rows: args.rows, ...Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(4))])) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
