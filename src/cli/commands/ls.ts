import { lazy, type Command } from '../command';
import { selectionOptions } from '../options';

/** `backfill ls [-s …] [--exclude …]`: what a selection picks (model, stage table, event name, tags). Never connects. */
export const lsCommand: Command = {
  command: 'ls',
  describe: 'list the models a selection picks: model, stage table, event name, tags',
  options: (y) => selectionOptions(y, 'models to list'),
  handle: lazy(() => (require('../handlers/ls') as typeof import('../handlers/ls')).lsHandler),
};
