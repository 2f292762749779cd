import { sqlTemplate } from '../compiler/sql-template';

/** The operations SQL files (operations/sql/), by handle. */
export const APPLIED_BACKFILLS_LIST = sqlTemplate('operations/applied_backfills_list');
export const APPLIED_BACKFILLS_RECORD = sqlTemplate('operations/applied_backfills_record', ['applied_at', 'backfill_name', 'checksum', 'operation_id']);
export const EVENT_IDS_PRESENT = sqlTemplate('operations/event_ids_present', ['event_ids', 'event_name'], ['days']);
export const OPERATIONS_IMPACT = sqlTemplate('operations/impact', ['operation_id', 'since']);
export const OPERATION_ROWS = sqlTemplate('operations/operation_rows', ['operation_id']);
export const SIDE_TABLES_LAST_ACTION = sqlTemplate('operations/side_tables_last_action');
