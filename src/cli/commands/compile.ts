import { lazy, type Command } from '../command';
import { selectionOptions } from '../options';

/** `backfill compile run-operation <macro> --args '…'`: print and write the exact SQL, run nothing. */
export const compileOperationCommand: Command = {
  command: 'run-operation <macro>',
  describe: 'print and write the exact SQL an operation would run',
  options: (y) => y.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string' }),
  handle: lazy(() => (require('../handlers/compile') as typeof import('../handlers/compile')).compileOperationHandler),
};

/**
 * `backfill compile run [--select …] (--days FROM..TO | --full-refresh)`: write the statements a run would send per
 * model to target/compiled/<target>/run/. Offline a run's days (read from the watermark) are unknown: one is required.
 */
export const compileRunCommand: Command = {
  command: 'run',
  describe: 'write the statements `backfill run` would send, per model, for the given days or a full refresh',
  options: (y) =>
    selectionOptions(y, 'models to compile')
      .option('days', { type: 'string', describe: 'FROM..TO (YYYY-MM-DD..YYYY-MM-DD): the days the run replaces' })
      .option('full-refresh', { type: 'boolean', default: false }),
  handle: lazy(() => (require('../handlers/compile') as typeof import('../handlers/compile')).compileRunHandler),
};

/** `backfill compile`: write the SQL of models and migrations to target/compiled/<target>/. Never connects. */
export const compileCommand: Command = {
  command: 'compile',
  describe: 'write rendered SQL to target/compiled/<target>/',
  options: (y) => selectionOptions(y, 'models to compile'),
  subcommands: [compileOperationCommand, compileRunCommand],
  handle: lazy(() => (require('../handlers/compile') as typeof import('../handlers/compile')).compileHandler),
};
