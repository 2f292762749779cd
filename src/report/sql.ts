import { sqlTemplate } from '../compiler/sql-template';

/** The report SQL files (report/sql/), by handle. */
export const DAILY_COUNTS = sqlTemplate('report/daily_counts', ['from', 'stages', 'to']);
