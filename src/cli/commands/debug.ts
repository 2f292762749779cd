import { lazy, type Command } from '../command';

/** `backfill debug`: checks the project and the connection, one `ok`/`fail` line per check (like `dbt debug`). */
export const debugCommand: Command = {
  command: 'debug',
  describe: 'check the project file, target, credentials, connection, tables and migrations (writes nothing)',
  handle: lazy(() => (require('../handlers/debug') as typeof import('../handlers/debug')).debugHandler),
};
