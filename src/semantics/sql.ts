import { sqlFragment } from '../compiler/sql-template';

/** The semantics SQL files (semantics/sql/), by handle; fragments are dispatched inside other SQL. */
export const CANONICAL_JSON = sqlFragment('semantics/canonical_json', ['expr']);
export const EFFECTIVE_EVENTS = sqlFragment('semantics/effective_events', ['copies_elsewhere', 'cte_name', 'days_once', 'event_name', 'far_future', 'fetch_by_rowid', 'margin_ranges', 'pass_through', 'ranges', 'rank_repeated_only', 'touched']);
export const REPEATED_COPY = sqlFragment('semantics/repeated_copy', ['repeated']);
export const REPEATED_IDS = sqlFragment('semantics/repeated_ids', ['with_actions']);
export const ROW_ID = sqlFragment('semantics/row_id');
export const TOUCHED_IDS = sqlFragment('semantics/touched_ids', ['ids', 'since', 'upto']);
export const TOUCHED_ROWS = sqlFragment('semantics/touched_rows', ['days', 'partition_by', 'touched', 'unique_key']);
