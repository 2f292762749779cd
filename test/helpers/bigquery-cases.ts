/**
 * Every statement the BigQuery warehouse can be sent, by kind: the macro argument forms, the rebuild plans and a
 * context for every runner template (shared by the sql-parser-cst parse test and the ZetaSQL analyzer test).
 */
import { TimestampText } from '../../src/compiler/dialect';
import type { RunContext } from '../../src/compiler/statements';
import { Sql } from '../../src/compiler/sql';
import { modelSql } from '../../src/rebuild/model-sql';
import type { ModelPlan } from '../../src/rebuild/plan-days';
import { event } from './project';

const AS_OF = new Date('2026-11-23T00:00:00Z');

export const OPERATIONS: Array<[string, Record<string, unknown>]> = [
  ['update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a', 'b'], set: { '$.Status': 'Failed', '$.A.B': 2 }, description: "it's \\ fixed" }],
  ['update_event_data', { event_name: 'PaymentCompleted', where: { '$.Status': 'Pending', user_id: ['u1'], event_advisor_id: null, '$.Attempt': 2 }, set: { '$.Retry': false }, description: 'x' }],
  ['remove_duplicates_by_event_id', { stage_table_name: 'card_shipped' }],
  ['add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'c-1', description: 'dup' }],
  ['add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_ids: ['c-1', 'c-2'], description: 'dup' }],
  ['remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: '$.TransactionId', lookback_days: 7 }],
  ['remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: 'event_external_reference_id' }],
];

/** A plan rebuilding `model` whole or by days (with `byEvent`, an old day corrected event by event too). */
export function plan(ctx: RunContext, model: string, mode: 'full' | 'days', byEvent = false): ModelPlan {
  return {
    model: ctx.compiled.models.get(model)!,
    stageTable: `stage.${model}`,
    mode,
    reason: 'test',
    days: mode === 'days' ? ['2026-11-05', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'] : [],
    windowDays: [],
    touchedDays: [],
    eventDays: byEvent ? ['2026-11-05'] : [],
    touched: byEvent ? { since: new TimestampText('2026-11-22 10:00:00'), upto: new TimestampText('2026-11-23 10:00:00.123456') } : null,
    highWater: null,
    watermark: null,
    columns: ['event_id', 'event_created_at'],
  };
}

export const T = new TimestampText('2026-11-23 10:00:00.123456');
/** A context for every runner template (src/<feature>/sql statements with a default or BigQuery version). */
export function runnerCases(ctx: RunContext): Record<string, () => object> {
  const modelSqlOf = (name: string): Sql => new Sql(modelSql(ctx, ctx.compiled.models.get(name)!, null));
  return {
    'ledger/schema_migrations_create': () => ({}),
    'ledger/table_columns': () => ({ dataset: new Sql('`s3`'), schema: 's3', name: 'backend_events_exceptions' }),
    'ledger/add_column': () => ({ table: new Sql('`s3`.`backend_events_exclusions`'), column: new Sql('`operation_id`'), sql_type: new Sql('STRING') }),
    'ledger/add_inserted_at': () => ({ table: new Sql('`s3`.`backend_events_exclusions`') }),
    'ledger/add_exception_seq': () => ({ seq: new Sql('`s3`.`backend_events_exceptions_seq`'), seq_name: new Sql("'`s3`.`backend_events_exceptions_seq`'") }),
    'ledger/schema_migrations_list': () => ({}),
    'ledger/migrations_ready': () => ({}),
    'ledger/schema_migrations_record': () => ({ migration_id: '0001_x', checksum: 'abc', rendered_checksum: 'def', applied_at: AS_OF }),
    'ledger/start': () => ({ operation_id: 'op', command: 'run', macro: null, args: { a: [1, 'x'] }, target: 'prod', run_by: 'me@host', started_at: AS_OF, sql_hash: 'h', git_commit: null, sql_text: 'SELECT 1;', host: 'host', pid: 42, process_started: null, keeps_event_days: true }),
    'ledger/finish': () => ({ operation_id: 'op', status: 'succeeded', finished_at: AS_OF, rows: { 's3.t': 2 }, error: null }),
    'operations/side_tables_last_action': () => ({}),
    'operations/operation_rows': () => ({ operation_id: 'op' }),
    'ledger/settle': () => ({ operation_id: 'op', status: 'succeeded', finished_at: AS_OF, rows: { 's3.t': 2 }, error: null }),
    'ledger/operation_commit_marks': () => ({ operation_id: 'op' }),
    'rebuild/watermark_get': () => ({ model: 'card_shipped' }),
    'rebuild/watermark_set': () => ({ model: 'card_shipped', watermark: T, last_run_at: AS_OF, operation_id: 'op' }),
    'rebuild/touched_days': () => ({ since: T, upto: T, event_name: 'CardWasShipped', stage_table: new Sql('`stage`.`card_shipped`'), partition_by: 'event_created_at', unique_key: 'event_id', with_reverts: true }),
    'rebuild/plan_state': () => ({ model: 'card_shipped', epoch: T }),
    'rebuild/open_writes': () => ({ location: 'europe-west1' }),
    'rebuild/open_writes_margin': () => ({ margin_minutes: 60 }),
    'changes/capture': () => ({
    sink: 'crm', doc_type: 'card_shipped', unique_key: 'event_id', partition_by: 'event_created_at', column_names: ['event_id', 'event_created_at', 'status'],
    after_table: new Sql('`stage`.`__backfill_work_card_shipped`'), operation_id: 'op', stage_table: new Sql('`stage`.`card_shipped`'),
    ranges: [{ start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') }], moved_within: [{ start: new Date('2026-11-18T00:00:00Z'), end: new Date('2026-11-25T00:00:00Z') }],
  }),
    'changes/snapshot': () => ({ snapshot: new Sql('`stage`.`__backfill_before_card_shipped`'), stage_table: new Sql('`stage`.`card_shipped`') }),
    'changes/pending': () => ({ sink: 'crm' }),
    'changes/page': () => ({ sink: 'crm', ts: 1, doc_type: 'card_shipped', after: 'e1', limit: 1000 }),
    'changes/mark': () => ({ sink: 'crm', ts: 1, doc_type: 'card_shipped', after: 'e1', last: 'e9', delivered_at: AS_OF }),
    'changes/sink_set': () => ({ sink: 'crm', spec: 'crm', status: 'error', error: "bad 'credentials'", updated_at: AS_OF }),
    'changes/sinks_list': () => ({ sink: 'crm' }),
    'rebuild/table_count': () => ({ table: new Sql('`stage`.`card_shipped`') }),
    'demo/load_events': () => ({ rows: [event({ event_id: 'x', event_created_at: AS_OF }), event({ event_id: "y'", event_created_at: AS_OF, event_data: null })] }),
    'demo/stage_stats': () => ({ stage_table: new Sql('`stage`.`card_shipped`'), business_key: 'card_id' }),
    'generate/sample_events': () => ({ event_names: ['CardWasShipped', 'PaymentCompleted'], limit: 1000, since: AS_OF }),
    'demo/original_stats': () => ({}),
    'ledger/operations_list': () => ({ status: 'failed', macro: 'm', since: AS_OF, until: AS_OF, limit: 50 }),
    'ledger/operation_get': () => ({ operation_id: 'op' }),
    'ledger/operation_ids_by_prefix': () => ({ pattern: 'ab12%' }),
    'revert/mark_reverted': () => ({ operation_id: 'op', reverted_by: 'op2' }),
    'revert/mark_restored': () => ({ operation_id: 'op' }),
    'revert/dependents': () => ({ operation_id: 'op', since: T }),
    'revert/archive': () => ({ operation_id: 'op', revert_id: 'op2' }),
    'revert/restore': () => ({ revert_id: 'op2' }),
    'operations/applied_backfills_list': () => ({}),
    'rebuild/batch_span': () => ({ event_name: 'CardWasShipped' }),
    // The ranged form (a day rebuild's days, asked first); the unranged one is the same text without the AND.
    'rebuild/event_name_present': () => ({ event_name: 'CardWasShiped', ranges: [{ start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') }] }),
    'rebuild/event_names_list': () => ({}),
    'operations/event_ids_present': () => ({ event_name: 'CardWasShipped', event_ids: ['c1', 'nope'] }),
    'checks/unique_keys': () => ({ stage_table: new Sql('`stage`.`card_shipped`'), unique_key: 'event_id', sample: 20 }),
    'checks/excluded_present': () => ({ stage_table: new Sql('`stage`.`card_shipped`'), unique_key: 'event_id', sample: 20 }),
    'checks/stage_matches': () => ({ stage_table: new Sql('`stage`.`card_shipped`'), unique_key: 'event_id', sample: 20, model_sql: modelSqlOf('card_shipped') }),
    'checks/orphan_updates': () => ({ event_names: ['CardWasShipped'], sample: 20 }),
    'checks/colliding_inserts': () => ({ event_names: ['CardWasShipped'], sample: 20 }),
    'operations/impact': () => ({ operation_id: 'op', since: null }),
    'import/exceptions': () => ({ rows: [{ ...event({ event_id: 'x', event_created_at: AS_OF }), is_event_update: true, exception_seq: 1 }], op_ts: AS_OF, description: 'd', operation_id: 'op' }),
    'import/existing_ids': () => ({ event_ids: ['a', 'b'] }),
    'import/seen': () => ({ name: 'import:abc' }),
    'import/old_events': () => ({ operation_id: 'op', limit: AS_OF }),
    'import/staging_create': () => ({ staging: new Sql('`backfill`.`__import_x`') }),
    'import/from_staging': () => ({ staging: new Sql('`backfill`.`__import_x`'), op_ts: AS_OF, description: 'd', operation_id: 'op' }),
    'report/daily_counts': () => ({
      from: AS_OF,
      to: AS_OF,
      stages: [{ stage_table: new Sql('`stage`.`card_shipped`'), partition_by: 'event_created_at', model_sql: modelSqlOf('card_shipped') }],
      models: [{ model_sql: modelSqlOf('card_shipped'), partition_by: 'event_created_at' }, { model_sql: modelSqlOf('payment_completed'), partition_by: 'event_created_at' }],
    }),
    'report/ledger': () => ({ limit: 50 }),
    'report/last_runs': () => ({}),
    'ledger/lease_expire': () => ({ resource: 'model:x', at_time: AS_OF }),
    'ledger/lease_insert': () => ({ resource: 'model:x', holder: 'h', holder_info: 'me@host', at_time: AS_OF, expires_at: AS_OF }),
    'ledger/lease_holders': () => ({ resource: 'model:x', at_time: AS_OF }),
    'ledger/lease_release': () => ({ resource: 'model:x', holder: 'h' }),
    'rebuild/batches_plan': () => ({ operation_id: 'op', model: 'card_shipped', high_water: T, batches: [{ batch_no: 1, first_day: new Sql("DATE '2026-11-01'"), last_day: new Sql("DATE '2026-11-07'") }] }),
    'rebuild/batches_list': () => ({ operation_id: 'op' }),
    'rebuild/batch_done': () => ({ operation_id: 'op', model: 'card_shipped', batch_no: 1, row_count: 5, finished_at: AS_OF }),
    'rebuild/next_create': () => ({ next_table: new Sql('`stage`.`__backfill_next_card_shipped`'), model_sql: modelSqlOf('card_shipped'), partition_by: 'event_created_at', unique_key: 'event_id' }),
    'rebuild/next_insert': () => ({ next_table: new Sql('`stage`.`__backfill_next_card_shipped`'), model_sql: modelSqlOf('card_shipped') }),
    'rebuild/next_swap': () => ({ stage_table: new Sql('`stage`.`card_shipped`'), next_table: new Sql('`stage`.`__backfill_next_card_shipped`'), stage_name: 'card_shipped', partition_by: 'event_created_at', unique_key: 'event_id', day_index: true }),
    'operations/applied_backfills_record': () => ({ backfill_name: 'b', checksum: 'c', operation_id: 'op', applied_at: AS_OF }),
  };
}
export const REBUILD = ['rebuild/full_build', 'rebuild/new_rows', 'rebuild/replace_days', 'rebuild/drop_work', 'rebuild/clear_days'];
/** Rebuilding days in place is DuckDB's alone (TargetAdapter.buildsDaysInPlace); BigQuery builds a work table. */
export const IN_PLACE = ['rebuild/columns_probe', 'rebuild/insert_days', 'rebuild/drop_moved'];

