import { lazy, type Command } from '../command';

/** `backfill import <file> --description …`: NDJSON events in as exceptions; bad lines set aside with reasons. */
export const importCommand: Command = {
  command: 'import <file>',
  describe: 'write the events of an NDJSON file (gzip too) as exceptions; bad lines go to <file>.rejected.ndjson',
  options: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true })
      .option('description', { type: 'string', demandOption: true, describe: 'why, for the record' })
      .option('update', { type: 'boolean', describe: 'every event corrects an existing one' })
      .option('insert', { type: 'boolean', describe: 'every event is a missing one' })
      .option('keep-extra', { type: 'boolean', default: false, describe: 'keep fields outside the event schema inside event_data' })
      .conflicts('update', 'insert'),
  handle: lazy(() => (require('../handlers/import') as typeof import('../handlers/import')).importHandler),
};
