import { lazy, type Command } from '../command';

/** `backfill apply [paths]`: run the reviewed backfill files not applied yet, in name order. */
export const applyCommand: Command = {
  command: 'apply [paths..]',
  describe: 'run the reviewed backfill files (backfills/*.yml) not applied yet, in name order',
  options: (y) => y.positional('paths', { type: 'string', array: true }),
  handle: lazy(() => (require('../handlers/apply') as typeof import('../handlers/apply')).applyHandler),
};
