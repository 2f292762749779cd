import { lazy, type Command } from '../command';

/** `backfill revert <operation_id> [--force]`. */
export const revertCommand: Command = {
  command: 'revert <operation_id>',
  describe: 'undo an operation: its rows move to an archive (revert the revert to bring them back)',
  options: (y) => y.positional('operation_id', { type: 'string', demandOption: true }).option('force', { type: 'boolean', default: false, describe: 'revert even when later operations built on it' }),
  handle: lazy(() => (require('../handlers/revert') as typeof import('../handlers/revert')).revertHandler),
};
