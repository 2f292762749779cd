import { sqlFragment, sqlTemplate } from '../compiler/sql-template';

/** The rebuild SQL files (rebuild/sql/), by handle; fragments are dispatched inside other SQL. */
export const BATCH_DONE = sqlTemplate('rebuild/batch_done', ['batch_no', 'finished_at', 'model', 'operation_id', 'row_count']);
export const BATCH_SPAN = sqlTemplate('rebuild/batch_span', ['event_name']);
export const BATCHES_LIST = sqlTemplate('rebuild/batches_list', ['operation_id']);
export const BATCHES_PLAN = sqlTemplate('rebuild/batches_plan', ['batches', 'high_water', 'model', 'operation_id']);
export const CLEAR_DAYS = sqlTemplate('rebuild/clear_days', ['event_ranges', 'partition_by', 'ranges', 'stage_table', 'touched', 'unique_key']);
export const COLUMNS_PROBE = sqlTemplate('rebuild/columns_probe', ['model_sql']);
export const DROP_MOVED = sqlTemplate('rebuild/drop_moved', ['partition_by', 'parts', 'stage_table', 'touched', 'unique_key']);
export const DROP_WORK = sqlTemplate('rebuild/drop_work', ['work_table']);
export const EVENT_NAME_PRESENT = sqlTemplate('rebuild/event_name_present', ['event_name'], ['ranges']);
export const EVENT_NAMES_LIST = sqlTemplate('rebuild/event_names_list');
export const FULL_BUILD = sqlTemplate('rebuild/full_build', ['model_sql', 'partition_by', 'stage_table', 'unique_key']);
export const INSERT_DAYS = sqlTemplate('rebuild/insert_days', ['column_names', 'stage_table'], ['model_sql', 'work_table']);
export const KEY_JOIN_RESET = sqlFragment('rebuild/key_join_reset');
export const KEY_JOIN_SETUP = sqlFragment('rebuild/key_join_setup');
export const NEW_ROWS = sqlTemplate('rebuild/new_rows', ['model_sql', 'work_table']);
export const NEXT_CREATE = sqlTemplate('rebuild/next_create', ['model_sql', 'next_table', 'partition_by', 'unique_key']);
export const NEXT_INSERT = sqlTemplate('rebuild/next_insert', ['model_sql', 'next_table']);
export const NEXT_SWAP = sqlTemplate('rebuild/next_swap', ['next_table', 'partition_by', 'stage_name', 'stage_table', 'unique_key']);
export const OPEN_WRITES = sqlTemplate('rebuild/open_writes', ['location', 'margin_minutes']);
export const OPEN_WRITES_MARGIN = sqlTemplate('rebuild/open_writes_margin', ['margin_minutes']);
export const PLAN_STATE = sqlTemplate('rebuild/plan_state', ['epoch', 'model']);
export const REPLACE_DAYS = sqlTemplate('rebuild/replace_days', ['column_names', 'event_ranges', 'moved_within', 'partition_by', 'ranges', 'stage_table', 'touched', 'unique_key', 'work_table']);
export const TABLE_COUNT = sqlTemplate('rebuild/table_count', ['table']);
export const TOUCHED_DAYS = sqlTemplate('rebuild/touched_days', ['event_name', 'partition_by', 'since', 'stage_table', 'unique_key', 'upto', 'with_reverts']);
export const WATERMARK_GET = sqlTemplate('rebuild/watermark_get', ['model']);
export const WATERMARK_SET = sqlTemplate('rebuild/watermark_set', ['last_run_at', 'model', 'operation_id', 'watermark']);
