import { lazy, type Command } from '../command';

/** `backfill resume <operation_id>`: finish a run that was killed or failed part-way. */
export const resumeCommand: Command = {
  command: 'resume <operation_id>',
  describe: 'finish a run that was killed or failed part-way (checkpointed batches are not redone)',
  options: (y) =>
    y
      .positional('operation_id', { type: 'string', demandOption: true })
      .option('exclude', { type: 'string', array: true, describe: "a run's models to leave out (same selectors as run's --exclude); the next run rebuilds them" }),
  handle: lazy(() => (require('../handlers/resume') as typeof import('../handlers/resume')).resumeHandler),
};
