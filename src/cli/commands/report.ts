import { lazy, type Command } from '../command';

/** `backfill report [--out report.html] [--operation id] [--days n]`: one self-contained HTML page. */
export const reportCommand: Command = {
  command: 'report',
  describe: 'a self-contained HTML page: rows per day (chart), the ledger, the check results',
  options: (y) =>
    y
      .option('out', { type: 'string', default: 'report.html' })
      .option('operation', { type: 'string', describe: 'an operation to show in full' })
      .option('days', { type: 'number', default: 30, describe: 'days of the chart, ending at the as-of date' }),
  handle: lazy(() => (require('../handlers/report') as typeof import('../handlers/report')).reportHandler),
};
