import { lazy, type Command } from '../command';

/** `backfill report [--out target/report.html] [--operation id] [--days n]`: one self-contained HTML page. */
export const reportCommand: Command = {
  command: 'report',
  describe: 'a self-contained HTML page (target/report.html): summary, rows per day, the ledger with its SQL, the checks',
  options: (y) =>
    y
      .option('out', { type: 'string', describe: 'where to write the page (default: target/report.html in the project)' })
      .option('operation', { type: 'string', describe: 'an operation to show in full' })
      .option('days', { type: 'number', default: 30, describe: 'days of the chart, ending at the as-of date' }),
  handle: lazy(() => (require('../handlers/report') as typeof import('../handlers/report')).reportHandler),
};
