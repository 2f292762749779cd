import { sqlTemplate } from '../compiler/sql-template';

/** The report SQL files (report/sql/), by handle. */
export const DAILY_COUNTS = sqlTemplate('report/daily_counts', ['from', 'models', 'stages', 'to']);
export const REPORT_LEDGER = sqlTemplate('report/ledger', ['limit']);
export const LAST_RUNS = sqlTemplate('report/last_runs');
