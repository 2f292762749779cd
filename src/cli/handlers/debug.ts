import { debugChecks, type Connect } from '../../operations/debug-checks';
import { NO_ARGS } from '../args';
import type { CommandHandler } from '../command';
import { usingWarehouse } from '../context';

/** Opens the warehouse as every command does, never creating it (a missing DuckDB file is a failed check). */
const connect: Connect = (ctx, fn) => usingWarehouse(ctx, { session: 'backfill debug' }, fn);

/** `backfill debug`: checks the project and the connection, one `ok`/`fail` line per check (like `dbt debug`). */
export const debugHandler: CommandHandler<object> = {
  args: NO_ARGS,
  run: async (_a, { globals, out }) => {
    const checks = await debugChecks({ projectDir: globals.projectDir, target: globals.target, vars: globals.vars, asOf: globals.asOf }, connect);
    const width = Math.max(...checks.map((c) => c.check.length));
    for (const c of checks) {
      out.say(`${c.status.padEnd(4)}  ${c.check.padEnd(width)}  ${c.detail}`);
      out.event(c);
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    out.say(failed === 0 ? `debug: all ${checks.length} checks ok` : `debug: ${failed} of ${checks.length} checks failed`);
    out.event({ command: 'debug', status: failed === 0 ? 'succeeded' : 'failed', failed, rows: {} });
    return failed === 0 ? 0 : 1;
  },
};
