import { codeOnly } from '../compiler/sql-text';
import { modelItems } from './model-columns';

/**
 * Words after which a model's rows may depend on more than their own event: other rows (grouping, windows,
 * DISTINCT, LIMIT), other tables (joins, subqueries, set operations). Any of them and the model is not row-wise.
 */
const CROSS_ROW_WORDS = new Set(['group', 'over', 'window', 'qualify', 'having', 'distinct', 'join', 'union', 'intersect', 'except', 'limit', 'offset', 'fetch', 'sample', 'pivot', 'unpivot']);

/** Aggregate functions of the three dialects: without GROUP BY they fold every row into one. */
const AGGREGATES = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'any_value', 'arbitrary', 'first', 'last', 'array_agg', 'string_agg', 'listagg',
  'list', 'group_concat', 'json_agg', 'jsonb_agg', 'json_group_array', 'json_group_object', 'json_object_agg',
  'jsonb_object_agg', 'bool_and', 'bool_or', 'every', 'logical_and', 'logical_or', 'bit_and', 'bit_or', 'bit_xor',
  'countif', 'count_if', 'median', 'mode', 'quantile', 'quantile_cont', 'quantile_disc', 'percentile_cont',
  'percentile_disc', 'approx_count_distinct', 'approx_quantiles', 'approx_top_count', 'approx_top_sum',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp',
  'histogram', 'product', 'fsum', 'kurtosis', 'skewness', 'entropy', 'arg_max', 'arg_min', 'max_by', 'min_by',
]);

/**
 * Whether a model (rendered with `{{events}}` as a bare name) maps each event to at most one row of its own:
 * one SELECT over one FROM, no word that reaches other rows or tables, no aggregate. Such a model's stage rows
 * change only where their own event changes, so a targeted run may replace corrected events one by one. When in
 * doubt the answer is no, and whole days are replaced, which is always right.
 */
export function isRowWise(modelSql: string, backslashEscapes: boolean): boolean {
  const code = codeOnly(modelSql, backslashEscapes).toLowerCase();
  const words = code.match(/[a-z_][a-z0-9_$]*/g) ?? [];
  const count = (w: string): number => words.filter((x) => x === w).length;
  if (count('select') !== 1 || count('from') !== 1) return false;
  if (words.some((w) => CROSS_ROW_WORDS.has(w))) return false;
  for (const call of code.matchAll(/([a-z_][a-z0-9_$]*)\s*\(/g)) if (AGGREGATES.has(call[1]!)) return false;
  return true;
}

/**
 * Whether a model's stage row of an event sits on that event's event_created_at day: the model is row-wise and its
 * partition column is event_created_at as it is. Then the days a rebuild picks by event_created_at are its stage
 * partitions, and a row that keeps its event's day says where the event sits (a model partitioned by a time read
 * from event_data moves its rows when update_event_data sets that time).
 */
export function partitionFollowsEvents(modelSql: string, backslashEscapes: boolean, partitionBy: string): boolean {
  if (!isRowWise(modelSql, backslashEscapes)) return false;
  const item = modelItems(modelSql, backslashEscapes)?.find((i) => i.name === partitionBy.toLowerCase());
  return item !== undefined && /^(?:[A-Za-z_][A-Za-z0-9_]*\.)?["`]?event_created_at["`]?$/i.test(item.text);
}
