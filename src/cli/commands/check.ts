import { lazy, type Command } from '../command';
import { selectionOptions } from '../options';

/** `backfill check [--select]`: exit 1 with a readable list when a check fails. */
export const checkCommand: Command = {
  command: 'check',
  describe: 'data checks: unique keys, no excluded events, stage = effective rows, orphan updates, colliding inserts',
  options: (y) => selectionOptions(y, 'models to check'),
  handle: lazy(() => (require('../handlers/check') as typeof import('../handlers/check')).checkHandler),
};
