import { sqlFragment, sqlTemplate } from '../compiler/sql-template';

/** The import SQL files (import/sql/), by handle. */
export const IMPORT_EXCEPTIONS = sqlTemplate('import/exceptions', ['description', 'op_ts', 'operation_id', 'rows']);
export const EXISTING_IDS = sqlTemplate('import/existing_ids', ['event_ids']);
export const FILE_DIRECT = sqlTemplate('import/file_direct', ['description', 'detect', 'file', 'gzip', 'is_update', 'max_depth', 'max_line_bytes', 'op_ts', 'operation_id', 'plain_line_pattern', 'timestamp_pattern']);
export const FROM_STAGING = sqlTemplate('import/from_staging', ['description', 'op_ts', 'operation_id', 'staging']);
export const OLD_EVENTS = sqlTemplate('import/old_events', ['limit', 'operation_id']);
export const REPEATED_IDS = sqlTemplate('import/repeated_ids', ['operation_id']);
export const IMPORT_SEEN = sqlTemplate('import/seen', ['name']);
export const STAGING_CREATE = sqlTemplate('import/staging_create', ['staging']);
export const STAGING_KIND = sqlFragment('import/staging_kind');
