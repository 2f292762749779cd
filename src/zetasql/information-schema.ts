import type { Column, TypeProto } from './types';

const STRING: TypeProto = { typeKind: 'TYPE_STRING' };
const INT64: TypeProto = { typeKind: 'TYPE_INT64' };
const BOOL: TypeProto = { typeKind: 'TYPE_BOOL' };
const TIMESTAMP: TypeProto = { typeKind: 'TYPE_TIMESTAMP' };
const struct = (fields: Record<string, TypeProto>): TypeProto => ({ typeKind: 'TYPE_STRUCT', structType: { field: Object.entries(fields).map(([fieldName, fieldType]) => ({ fieldName, fieldType })) } });
const columns = (spec: Record<string, TypeProto>): Column[] => Object.entries(spec).map(([name, type]) => ({ name, type }));

/**
 * The INFORMATION_SCHEMA views the framework reads, with the columns and types BigQuery documents for them
 * (a subset of each view's columns: every column the runner's SQL names, and the common ones around them).
 */
export const informationSchema = {
  dataset: new Map<string, Column[]>([
    ['COLUMNS', columns({
      table_catalog: STRING, table_schema: STRING, table_name: STRING, column_name: STRING, ordinal_position: INT64, is_nullable: STRING,
      data_type: STRING, is_generated: STRING, generation_expression: STRING, is_stored: STRING, is_hidden: STRING, is_updatable: STRING,
      is_system_defined: STRING, is_partitioning_column: STRING, clustering_ordinal_position: INT64, collation_name: STRING, column_default: STRING, rounding_mode: STRING,
    })],
  ]),
  region: new Map<string, Column[]>([
    ['JOBS_BY_PROJECT', columns({
      creation_time: TIMESTAMP, project_id: STRING, project_number: INT64, user_email: STRING, job_id: STRING, job_type: STRING, statement_type: STRING,
      priority: STRING, start_time: TIMESTAMP, end_time: TIMESTAMP, query: STRING, state: STRING, reservation_id: STRING, total_bytes_processed: INT64,
      total_bytes_billed: INT64, total_slot_ms: INT64, cache_hit: BOOL, parent_job_id: STRING, transaction_id: STRING,
      error_result: struct({ reason: STRING, location: STRING, debug_info: STRING, message: STRING }),
      session_info: struct({ session_id: STRING }),
    })],
    ['SESSIONS_BY_PROJECT', columns({
      creation_time: TIMESTAMP, expiration_time: TIMESTAMP, is_active: BOOL, last_modified_time: TIMESTAMP, project_id: STRING, project_number: INT64,
      session_id: STRING, user_email: STRING,
    })],
  ]),
};
