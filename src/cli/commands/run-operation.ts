import { lazy, type Command } from '../command';

/** `backfill run-operation <macro> --args '…'`: one recorded, all-or-nothing operation. */
export const runOperationCommand: Command = {
  command: 'run-operation <macro>',
  describe: 'run one macro',
  options: (y) =>
    y
      .positional('macro', { type: 'string', demandOption: true, describe: 'the macro; `run-operation <macro> --help` lists its arguments' })
      .option('args', { type: 'string', describe: 'YAML or JSON mapping' })
      .option('macro-help', { type: 'boolean', hidden: true }),
  handle: lazy(() => (require('../handlers/run-operation') as typeof import('../handlers/run-operation')).runOperationHandler),
};
