import { sqlFragment, sqlTemplate } from '../compiler/sql-template';

/** The changes SQL files (changes/sql/), by handle; fragments are dispatched inside other SQL. */
export const CHANGES_CAPTURE = sqlTemplate(
  'changes/capture',
  ['after_table', 'column_names', 'doc_type', 'operation_id', 'partition_by', 'sink', 'unique_key'],
  // a day rebuild's replaced rows, or a full rebuild's old table (ReplacedRows)
  ['all_changed', 'before_empty', 'before_table', 'event_ranges', 'moved_within', 'ranges', 'stage_table', 'touched'],
);
export const EPOCH_MS = sqlFragment('changes/epoch_ms');
export const CHANGES_MARK = sqlTemplate('changes/mark', ['after', 'delivered_at', 'doc_type', 'last', 'sink', 'ts']);
export const CHANGES_PAGE = sqlTemplate('changes/page', ['after', 'doc_type', 'limit', 'sink', 'ts']);
export const CHANGES_PENDING = sqlTemplate('changes/pending', ['sink']);
export const ROW_JSON = sqlFragment('changes/row_json', ['alias', 'cols']);
export const SINK_SET = sqlTemplate('changes/sink_set', ['error', 'sink', 'spec', 'status', 'updated_at']);
export const SINKS_LIST = sqlTemplate('changes/sinks_list', ['sink']);
export const CHANGES_SNAPSHOT = sqlTemplate('changes/snapshot', ['snapshot', 'stage_table']);
