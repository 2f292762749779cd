import { sqlTemplate } from '../compiler/sql-template';

/** The generate SQL files (generate/sql/), by handle. */
export const SAMPLE_EVENTS = sqlTemplate('generate/sample_events', ['event_names', 'limit', 'since']);
