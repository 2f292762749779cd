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

/** The best wall time of `repeat` runs of node with `args` in `cwd`; a failed command fails the bench. */
function timed(args: readonly string[], cwd: string, repeat: number): number {
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${(res.stderr || res.stdout).trim().split('\n')[0]}`);
    best = Math.min(best, seconds);
  }
  return best;
}

/** Cases 7 and 8: whole commands as processes; the ratios go into `ratios`. */
export function cliCases(dir: string, asOf: Date, ratios: Record<string, number>, rounds: number): void {
  const cli = (args: readonly string[], repeat: number): number => timed([BIN, ...args, '--project-dir', dir], dir, repeat);
  const node = timed(['-e', '0'], dir, 7);
  const help = timed([BIN, '--help'], dir, 7);
  const compile = cli(['compile'], 5);
  ratios['cli_help_vs_node_start'] = help / node;
  ratios['cli_compile_vs_node_start'] = compile / node;
  line('7 backfill --help vs node -e 0 (<= 2)', help, node, ratios['cli_help_vs_node_start']!);
  line('7 backfill compile vs node -e 0 (<= 2)', compile, node, ratios['cli_compile_vs_node_start']!);
  // 8. In rounds (a full refresh, then the incremental run that follows it, best of 3), the median of their ratios.
  const at = ['--as-of', asOf.toISOString()];
  const perRound: number[] = [];
  let best = { full: Infinity, incr: Infinity };
  for (let r = 0; r < rounds; r++) {
    const full = cli(['run', '--full-refresh', ...at], 1);
    const incr = cli(['run', ...at], 3);
    perRound.push(incr / full);
    best = { full: Math.min(best.full, full), incr: Math.min(best.incr, incr) };
  }
  ratios['cli_incremental_vs_cli_full'] = [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)]!;
  line('8 backfill run (3 days) vs run --full-refresh (<= 0.06)', best.incr, best.full, ratios['cli_incremental_vs_cli_full']!, `   rounds ${perRound.map((x) => x.toFixed(3)).join(', ')}`);
}
