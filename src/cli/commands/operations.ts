import { lazy, type Command } from '../command';

/** `backfill operations [list|show <id>|repair [<id> --mark-failed]]`: the ledger. */
export const operationsCommand: Command = {
  command: 'operations [action] [id]',
  describe: 'list the ledger (or: operations show <id>; operations repair: close entries whose process is gone; operations repair <id> --mark-failed)',
  options: (y) =>
    y
      .positional('action', { type: 'string', choices: ['list', 'show', 'repair'], default: 'list' })
      .positional('id', { type: 'string' })
      .option('status', { type: 'string', choices: ['running', 'interrupted', 'succeeded', 'failed', 'reverted'] })
      .option('macro', { type: 'string' })
      .option('since', { type: 'string', describe: 'started at or after (ISO date or timestamp)' })
      .option('until', { type: 'string', describe: 'started before (ISO date or timestamp)' })
      .option('limit', { type: 'number', default: 50 })
      .option('mark-failed', { type: 'boolean', default: false, describe: 'repair <id>: mark that running entry failed (refused while its lock or lease shows it alive)' })
      .option('force', { type: 'boolean', default: false, describe: 'with --mark-failed: even when its lock or lease shows it alive' }),
  handle: lazy(() => (require('../handlers/operations') as typeof import('../handlers/operations')).operationsHandler),
};
