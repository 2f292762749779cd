import { lazy, type Command } from '../command';

/**
 * `backfill emulator bigquery [--port p]`: a local BigQuery REST endpoint executing on ZetaSQL's reference
 * evaluator (src/emulator/bigquery), serving until SIGINT or SIGTERM. The emulator and ZetaSQL load only here.
 */
export const emulatorCommand: Command = {
  command: 'emulator <warehouse>',
  describe: 'serve a local BigQuery endpoint that executes on ZetaSQL (for api_endpoint: in a bigquery target)',
  options: (y) =>
    y
      .positional('warehouse', { type: 'string', choices: ['bigquery'], describe: 'the warehouse to emulate' })
      .option('port', { type: 'number', default: 9050, describe: 'the local port to listen on (0: a free one)' })
      .option('location', { type: 'string', default: 'EU', describe: 'the location the emulator reports (INFORMATION_SCHEMA region views)' }),
  handle: lazy(() => (require('../handlers/emulator') as typeof import('../handlers/emulator')).emulatorHandler),
};
