import { sqlFragment, sqlTemplate } from '../compiler/sql-template';

/** The ledger SQL files (ledger/sql/), by handle; fragments are dispatched inside other SQL. */
export const ADD_COLUMN = sqlTemplate('ledger/add_column', ['column', 'sql_type', 'table']);
export const ADD_EXCEPTION_SEQ = sqlTemplate('ledger/add_exception_seq', ['seq', 'seq_name']);
export const ADD_INSERTED_AT = sqlTemplate('ledger/add_inserted_at', ['table']);
export const EVENT_INDEXES = sqlFragment('ledger/event_indexes');
export const EXCEPTION_SEQ_COLUMN = sqlFragment('ledger/exception_seq_column', ['seq', 'seq_name']);
export const LEDGER_FINISH = sqlTemplate('ledger/finish', ['error', 'finished_at', 'operation_id', 'rows', 'status']);
export const INSERTED_AT_UTC = sqlFragment('ledger/inserted_at_utc');
export const JSON_CANONICAL_FUNCTIONS = sqlFragment('ledger/json_canonical_functions');
export const JSON_FUNCTIONS = sqlFragment('ledger/json_functions');
export const LEASE_EXPIRE = sqlTemplate('ledger/lease_expire', ['at_time', 'resource']);
export const LEASE_HOLDERS = sqlTemplate('ledger/lease_holders', ['at_time', 'resource']);
export const LEASE_INSERT = sqlTemplate('ledger/lease_insert', ['at_time', 'expires_at', 'holder', 'holder_info', 'resource']);
export const LEASE_RELEASE = sqlTemplate('ledger/lease_release', ['holder', 'resource']);
export const MIGRATIONS_READY = sqlTemplate('ledger/migrations_ready');
export const OPERATION_COMMIT_MARKS = sqlTemplate('ledger/operation_commit_marks', ['operation_id']);
export const OPERATION_GET = sqlTemplate('ledger/operation_get', ['operation_id']);
export const OPERATION_IDS_BY_PREFIX = sqlTemplate('ledger/operation_ids_by_prefix', ['pattern']);
export const OPERATIONS_LIST = sqlTemplate('ledger/operations_list', ['limit', 'macro', 'since', 'status', 'until']);
export const SCHEMA_MIGRATIONS_CREATE = sqlTemplate('ledger/schema_migrations_create');
export const SCHEMA_MIGRATIONS_LIST = sqlTemplate('ledger/schema_migrations_list');
export const SCHEMA_MIGRATIONS_RECORD = sqlTemplate('ledger/schema_migrations_record', ['applied_at', 'checksum', 'migration_id', 'rendered_checksum']);
export const TABLE_COLUMNS = sqlTemplate('ledger/table_columns', ['name'], ['catalog', 'dataset', 'schema']);
export const LEDGER_SETTLE = sqlTemplate('ledger/settle', ['error', 'finished_at', 'operation_id', 'rows', 'status']);
export const LEDGER_START = sqlTemplate('ledger/start', ['args', 'command', 'git_commit', 'host', 'macro', 'operation_id', 'pid', 'process_started', 'run_by', 'sql_hash', 'sql_text', 'started_at', 'target', 'keeps_event_days']);
