import type { ModelDef } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/render';
import { Sql } from '../compiler/sql';
import type { Warehouse } from '../warehouse/warehouse';
import { nearestNames } from '../suggest';

/**
 * A full refresh must not quietly turn a non-empty stage table into an empty one (a misspelled `event_name` does
 * that): it is refused unless `--allow-empty`. Two checks, both cheap: before the rebuild, whether the model's event
 * name has any event at all (so nothing is replaced, on every target, BigQuery included); and once the new rows are
 * built, before they replace the old ones, whether there are any (see rebuild-model and batched-refresh).
 */

/** Rows in a stage table (0 when it does not exist yet). */
export async function stagedRows(wh: Warehouse, ctx: RunContext, stageTable: string, exists?: boolean): Promise<number> {
  if (!(exists ?? (await wh.columns(stageTable)) !== null)) return 0;
  const table = new Sql(ctx.compiled.env.dialect.quoteTable(stageTable));
  return Number((await wh.run(runnerStatement(ctx, 'table_count', { table }))).rows[0]?.['row_count'] ?? 0);
}

/** Before a full rebuild of a stage table holding `staged` rows: the refusal when its event name matches no event. */
export async function absentEventNameRefusal(wh: Warehouse, ctx: RunContext, model: ModelDef, staged: number): Promise<string | null> {
  if (staged === 0) return null;
  const eventName = model.config.event_name;
  const present = (await wh.run(runnerStatement(ctx, 'event_name_present', { event_name: eventName }))).rows[0]?.['present'];
  if (Number(present ?? 0) !== 0) return null;
  // Only now (the rare, failing case) are the names listed, to say which were probably meant.
  const names = (await wh.run(runnerStatement(ctx, 'event_names_list', {}))).rows.map((r) => String(r['event_name']));
  const nearest = nearestNames(eventName, names);
  const some = [...new Set(names)].sort().slice(0, 5);
  const hint =
    nearest.length > 0 ? `nearest event names present: ${nearest.join(', ')}` : some.length > 0 ? `no event name present is close; some present: ${some.join(', ')}` : 'there are no events at all';
  return `${model.name}: event_name '${eventName}' matches no events; ${leftAsItWas(staged)}; ${hint}; pass --allow-empty to empty it`;
}

/** Once the new rows are built (none) and before they replace the `staged` old ones. */
export function emptyResultRefusal(model: ModelDef, staged: number): string {
  return `${model.name}: the model selects no rows (event_name '${model.config.event_name}'); ${leftAsItWas(staged)}; pass --allow-empty to empty it`;
}

const leftAsItWas = (staged: number): string => `the stage table (${staged.toLocaleString('en-US')} rows) is left as it was`;
