import { sqlTemplate } from '../compiler/sql-template';

/** The demo SQL files (demo/sql/), by handle. */
export const LOAD_EVENTS = sqlTemplate('demo/load_events', ['rows']);
export const ORIGINAL_STATS = sqlTemplate('demo/original_stats');
export const STAGE_STATS = sqlTemplate('demo/stage_stats', ['business_key', 'stage_table']);
