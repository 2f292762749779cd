/**
 * Issue 22, item 2: the CLI as a scheduler runs it, each command a process of its own (spawned, timed wall to
 * wall): `--help` and `compile` against node's own start, an incremental `run` against `run --full-refresh` on the
 * bench's warehouse. Run after the in-process cases, once the bench has closed the DuckDB file.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { line } from './setup';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'backfill.js');

/** The wall time of one run of node with `args` in `cwd`; a failed command fails the bench. */
function timed(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${(res.stderr || res.stdout).trim().split('\n')[0]}`);
  return seconds;
}

const spread = (xs: readonly number[]): string => `   rounds ${xs.map((x) => x.toFixed(3)).join(', ')}`;

/**
 * Cases 7 and 8: whole commands as processes; the ratios go into `ratios`. The host is shared, so each ratio is
 * best-of-N against best-of-N (a stall slows one process, never speeds one up), taken in interleaved rounds so that
 * a slow phase of the machine falls on both sides; each round's own ratio is printed as the spread.
 */
export function cliCases(dir: string, asOf: Date, ratios: Record<string, number>, rounds: number): void {
  const cli = (args: readonly string[]): number => timed([BIN, ...args, '--project-dir', dir], dir);
  const starts: Array<{ node: number; help: number; compile: number }> = [];
  for (let r = 0; r < 7; r++) starts.push({ node: timed(['-e', '0'], dir), help: timed([BIN, '--help'], dir), compile: cli(['compile']) });
  const best = <T>(xs: readonly T[], k: keyof T): number => Math.min(...xs.map((x) => Number(x[k])));
  const node = best(starts, 'node');
  ratios['cli_help_vs_node_start'] = best(starts, 'help') / node;
  ratios['cli_compile_vs_node_start'] = best(starts, 'compile') / node;
  line('7 backfill --help vs node -e 0 (<= 2)', best(starts, 'help'), node, ratios['cli_help_vs_node_start']!, spread(starts.map((s) => s.help / s.node)));
  line('7 backfill compile vs node -e 0 (<= 2)', best(starts, 'compile'), node, ratios['cli_compile_vs_node_start']!, spread(starts.map((s) => s.compile / s.node)));
  // 8. In rounds: a full refresh, then the incremental runs that follow it (best of 3 in the round).
  const at = ['--as-of', asOf.toISOString()];
  const runs: Array<{ full: number; incr: number }> = [];
  for (let r = 0; r < rounds; r++) {
    const full = cli(['run', '--full-refresh', ...at]);
    runs.push({ full, incr: Math.min(...[0, 1, 2].map(() => cli(['run', ...at]))) });
  }
  ratios['cli_incremental_vs_cli_full'] = best(runs, 'incr') / best(runs, 'full');
  line('8 backfill run (3 days) vs run --full-refresh (<= 0.06)', best(runs, 'incr'), best(runs, 'full'), ratios['cli_incremental_vs_cli_full']!, spread(runs.map((x) => x.incr / x.full)));
}
