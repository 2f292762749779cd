import { sqlFragment, sqlTemplate } from '../compiler/sql-template';

/** The checks SQL files (checks/sql/), by handle; fragments are dispatched inside other SQL. */
export const COLLIDING_INSERTS = sqlTemplate('checks/colliding_inserts', ['event_names', 'sample']);
export const EXCEPT_DISTINCT = sqlFragment('checks/except_distinct');
export const EXCLUDED_PRESENT = sqlTemplate('checks/excluded_present', ['sample', 'stage_table', 'unique_key']);
export const ORPHAN_UPDATES = sqlTemplate('checks/orphan_updates', ['event_names', 'sample']);
export const STAGE_MATCHES = sqlTemplate('checks/stage_matches', ['model_sql', 'sample', 'stage_table', 'unique_key']);
export const UNIQUE_KEYS = sqlTemplate('checks/unique_keys', ['sample', 'stage_table', 'unique_key']);
