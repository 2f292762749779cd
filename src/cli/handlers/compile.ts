import { z } from 'zod';
import { parseMacroArgs } from '../../compiler/macro-args';
import { compileAll, compiledDir, operationScript, writeOperationSql } from '../../operations/compiled-files';
import { compileOperation } from '../../operations/compile-operation';
import { UsageError } from '../../errors';

import { flag, given, text } from '../args';
import type { CommandHandler } from '../command';
import { withContext } from '../context';
import { pickedNames } from '../selection';

const OPERATION_ARGS = z.object({ macro: text, args: given<string>() });

/** `backfill compile run-operation <macro> --args '…'`: print and write the exact SQL, run nothing. */
export const compileOperationHandler: CommandHandler<z.infer<typeof OPERATION_ARGS>> = {
  args: OPERATION_ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const plan = compileOperation(ctx, a.macro, parseMacroArgs(a.args));
      const file = writeOperationSql(ctx, a.macro, plan.compiled);
      if (globals.json) out.event({ command: 'compile', macro: a.macro, status: 'succeeded', file, statements: plan.compiled.map((s) => s.sql), rows: {} });
      else out.raw(operationScript(plan.compiled));
      return 0;
    }),
};

const RUN_ARGS = z.object({ select: given<string[]>(), exclude: given<string[]>(), days: given<string>(), 'full-refresh': flag });

/**
 * `backfill compile run [--select …] (--days FROM..TO | --full-refresh)`: write the statements a run would send per
 * model to target/compiled/<target>/run/. Offline a run's days (read from the watermark) are unknown: one is required.
 */
export const compileRunHandler: CommandHandler<z.infer<typeof RUN_ARGS>> = {
  args: RUN_ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      if (a.days !== undefined && a['full-refresh']) throw new UsageError('compile run: give --days FROM..TO or --full-refresh, not both');
      if (a.days === undefined && !a['full-refresh']) {
        throw new UsageError("compile run: give --days FROM..TO or --full-refresh (offline, the days a run would plan from the models' watermarks are unknown)");
      }
      // The rebuild's statements (and their modules) only for `compile run`: plain `compile` does without them.
      const { compileRun, parseDays } = require('../../operations/compile-run') as typeof import('../../operations/compile-run');
      const days = a.days === undefined ? null : parseDays(String(a.days));
      const files = compileRun(ctx, { select: pickedNames(ctx, a), days, at: globals.asOf === undefined ? new Date(0) : ctx.asOf });
      out.say(`compile run: ${files.length} files written to ${compiledDir(ctx)}/run`);
      for (const f of files) out.say(`  ${f}`);
      out.event({ command: 'compile', subcommand: 'run', status: 'succeeded', files, rows: {} });
      return 0;
    }),
};

const ARGS = z.object({ select: given<string[]>(), exclude: given<string[]>() });

/** `backfill compile`: write the SQL of models and migrations to target/compiled/<target>/. Never connects. */
export const compileHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const files = compileAll(ctx, pickedNames(ctx, a));
      out.say(`compile: ${files.length} files written to ${compiledDir(ctx)}`);
      for (const f of files) out.say(`  ${f}`);
      out.event({ command: 'compile', status: 'succeeded', files, rows: {} });
      return 0;
    }),
};
