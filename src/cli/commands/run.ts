import { lazy, type Command } from '../command';
import { selectionOptions } from '../options';

/** `backfill run`: rebuild stage models (their window plus touched days, or everything with --full-refresh). */
export const runCommand: Command = {
  command: 'run',
  describe: 'rebuild stage models',
  options: (y) =>
    selectionOptions(y, 'models to run')
      .option('full-refresh', { type: 'boolean', default: false })
      .option('allow-empty', { type: 'boolean', default: false, describe: 'let a rebuild go ahead when it would empty a non-empty stage table (or its days): event name with no events, model selecting nothing' })
      .option('changes', { type: 'string', describe: 'emit what each rebuild changed: file.ndjson, - (stdout), pubsub://<topic> or a sink named in backfill.yml' }),
  handle: lazy(() => (require('../handlers/run') as typeof import('../handlers/run')).runHandler),
};
