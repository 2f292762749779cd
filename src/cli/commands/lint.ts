import { lazy, type Command } from '../command';

/**
 * `backfill lint <file.sql>`: an analyst's own BigQuery SQL analyzed by ZetaSQL (the front end BigQuery is built
 * on) against the project's tables, as its migrations and models create them. Never connects. Exit 1 on an error.
 */
export const lintCommand: Command = {
  command: 'lint <file>',
  describe: "analyze hand-written BigQuery SQL with ZetaSQL against the project's tables (no connection)",
  options: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'a .sql file of BigQuery statements' }),
  handle: lazy(() => (require('../handlers/lint') as typeof import('../handlers/lint')).lintHandler),
};
