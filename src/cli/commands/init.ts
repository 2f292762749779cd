import { lazy, type Command } from '../command';
import { INIT_TARGETS } from '../init/init-targets';

/** `backfill init [dir] [--target duckdb|postgres|bigquery]`: a new project, never over existing files. */
export const initCommand: Command = {
  command: 'init [dir]',
  describe: 'write a new project (backfill.yml, models/, macros/, backfills/, .gitignore); never overwrites',
  options: (y) =>
    y
      .positional('dir', { type: 'string', describe: 'the new project directory (default: --project-dir, else the current one)' })
      .option('target', { type: 'string', choices: INIT_TARGETS, default: 'duckdb', describe: 'the kind of warehouse of the new project' }),
  handle: lazy(() => (require('../handlers/init') as typeof import('../handlers/init')).initHandler),
};
