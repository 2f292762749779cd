import { lazy, type Command } from '../command';

/** `backfill changes status|pause|resume|initial-sync`. */
export const changesCommand: Command = {
  command: 'changes <action> [sink]',
  describe: 'the change feed: status, pause <sink>, resume <sink> (delivers what waits), initial-sync <sink> --select <models>',
  options: (y) =>
    y
      .positional('action', { type: 'string', choices: ['status', 'pause', 'resume', 'initial-sync'], demandOption: true })
      .positional('sink', { type: 'string' })
      .option('select', { alias: 's', type: 'string', array: true, describe: 'models to sync (initial-sync)' })
      .option('exclude', { type: 'string', array: true, describe: 'models to leave out (initial-sync)' }),
  handle: lazy(() => (require('../handlers/changes') as typeof import('../handlers/changes')).changesHandler),
};
