/**
 * What a rebuild records for the change feed: the outbox inserts comparing its new rows with the ones they replace,
 * computed in the warehouse (delivery is outbox.ts's).
 */
import type { DayRange } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import type { TouchedEvents } from '../compiler/render-state';
import { runnerStatements, type RunContext } from '../compiler/statements';
import type { Sql, Statement } from '../compiler/sql';
import { UsageError } from '../errors';
import type { Warehouse } from '../targets/warehouse';
import { CHANGES_CAPTURE } from './sql';

/**
 * What a rebuild needs to record its changes. Their `ts` (the group's order in the feed) is assigned by the warehouse
 * in the capture itself (changes_capture), never taken from this host's clock.
 */
export interface ChangeCapture {
  readonly sink: string;
}

/** How the rows a rebuild replaces are found: its days in the stage table, or a table kept aside (full rebuilds). */
export type ReplacedRows =
  | {
      readonly ranges: readonly DayRange[];
      readonly moved_within: readonly DayRange[] | null;
      readonly stage_table: Sql;
      /** Corrected events replaced one by one on `event_ranges` (null: whole days only). */
      readonly touched: TouchedEvents | null;
      readonly event_ranges: readonly DayRange[] | null;
    }
  | { readonly before_table: Sql; readonly before_empty: boolean; readonly all_changed: boolean };

/**
 * A whole table replaced by another (full rebuilds): compared with the old table, or with nothing on a first run
 * (every row an UPDATE); when the columns changed, every row is an UPDATE.
 */
export function wholeTableReplaced(oldColumns: readonly string[] | null, newColumns: readonly string[], oldTable: Sql, newTable: Sql): ReplacedRows {
  if (oldColumns === null) return { before_table: newTable, before_empty: true, all_changed: false };
  return { before_table: oldTable, before_empty: false, all_changed: oldColumns.join(',') !== newColumns.join(',') };
}

/** The outbox inserts for one rebuild of `model`: rows of `after_table` compared on the unique key to the replaced ones. */
export function captureStatements(
  ctx: RunContext,
  capture: ChangeCapture,
  opts: { model: ModelDef; columns: readonly string[]; afterTable: Sql; replaced: ReplacedRows; operationId: string },
): Statement[] {
  const key = opts.model.config.unique_key;
  if (!opts.columns.includes(key)) throw new UsageError(`${opts.model.name}: the change feed needs the unique key column '${key}' in the stage table`);
  return runnerStatements(ctx, CHANGES_CAPTURE, {
    sink: capture.sink,
    doc_type: opts.model.name,
    unique_key: key,
    partition_by: opts.model.config.partition_by,
    column_names: opts.columns,
    after_table: opts.afterTable,
    operation_id: opts.operationId,
    ...opts.replaced,
  });
}

/**
 * The outbox inserts for one rebuild of `model` whose new rows are in `afterTable`. A full rebuild knows what it
 * replaced only once its columns are built (`replaced` a function): they are read from `builtTable` then.
 */
export async function rebuildCapture(
  wh: Warehouse,
  ctx: RunContext,
  changes: ChangeCapture,
  opts: { model: ModelDef; operationId: string; afterTable: Sql; builtTable: string; knownColumns: readonly string[] | null; replaced: ReplacedRows | ((builtColumns: readonly string[]) => ReplacedRows) },
): Promise<Statement[]> {
  const { model, operationId } = opts;
  const columns = typeof opts.replaced === 'function' ? ((await wh.columns(opts.builtTable)) ?? []) : (opts.knownColumns ?? []);
  const replaced = typeof opts.replaced === 'function' ? opts.replaced(columns) : opts.replaced;
  return captureStatements(ctx, changes, { model, columns, afterTable: opts.afterTable, replaced, operationId });
}

/** A batched full refresh: the next table compared with the stage table, just before it is swapped in. */
export async function nextTableCapture(wh: Warehouse, ctx: RunContext, model: ModelDef, changes: ChangeCapture, stage: Sql, next: Sql, operationId: string): Promise<Statement[]> {
  const schema = ctx.project.config.tables.stage_schema;
  const columns = (await wh.columns(`${schema}.__backfill_next_${model.name}`)) ?? [];
  const replaced = wholeTableReplaced(await wh.columns(`${schema}.${model.name}`), columns, stage, next);
  return captureStatements(ctx, changes, { model, columns, afterTable: next, replaced, operationId });
}
