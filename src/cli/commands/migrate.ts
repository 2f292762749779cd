import { lazy, type Command } from '../command';

/** `backfill migrate`: create or upgrade the framework and event tables (the one command that creates a DuckDB file). */
export const migrateCommand: Command = {
  command: 'migrate',
  describe: 'create/upgrade all framework and event tables (existing ones get the columns they lack); --dry-run prints the SQL',
  options: (y) => y.option('create-original', { type: 'boolean', describe: 'create the original table when it does not exist (PostgreSQL, BigQuery; DuckDB always does)' }),
  handle: lazy(() => (require('../handlers/migrate') as typeof import('../handlers/migrate')).migrateHandler),
};
