import { lazy, type Command } from '../command';
import { SAMPLE_DAYS } from '../../generate/sample-days';

/** `backfill generate models [--event-name X …] [--sample N] [--force]`: one typed stage model per event name, inferred from sampled payloads. */
export const generateModelsCommand: Command = {
  command: 'models',
  describe: `models/<event_name>.sql per event name, its columns the event_data keys typed from a sample (on BigQuery: of the last ${SAMPLE_DAYS} days)`,
  options: (y) =>
    y
      .option('event-name', { type: 'string', array: true, describe: 'event names to generate (default: every name sampled)' })
      .option('sample', { type: 'number', default: 1000, describe: 'rows sampled per event name (the most recent)' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite existing model files' }),
  handle: lazy(() => (require('../handlers/generate') as typeof import('../handlers/generate')).generateModelsHandler),
};

/** `backfill generate`: groups its subcommands. */
export const generateCommand: Command = {
  command: 'generate',
  describe: 'generate project files from the data: models',
  options: (y) => y.demandCommand(1, 'generate what: models'),
  subcommands: [generateModelsCommand],
};
