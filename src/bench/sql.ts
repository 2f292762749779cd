import { sqlTemplate } from '../compiler/sql-template';

/** The bench SQL files (bench/sql/), by handle. */
export const COPY_FLOOR = sqlTemplate('bench/copy_floor');
export const BENCH_FLOOR = sqlTemplate('bench/floor', ['model_sql']);
export const FULL_SCAN = sqlTemplate('bench/full_scan', ['event_name']);
export const BENCH_GENERATE = sqlTemplate('bench/generate', ['rows', 'span_us', 'start', 'written_at']);
export const READ_JSON = sqlTemplate('bench/read_json', ['file']);
