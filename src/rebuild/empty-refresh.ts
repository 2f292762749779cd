import { daysToRanges, type DayRange } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import type { Warehouse } from '../targets/warehouse';
import { nearestNames } from '../suggest';
import { EVENT_NAMES_LIST, EVENT_NAME_PRESENT, TABLE_COUNT } from './sql';

/**
 * A rebuild must not quietly empty a non-empty stage table, or the days it replaces (a misspelled `event_name` does
 * that, in a full refresh and in every scheduled run alike): it is refused unless `--allow-empty`. Two checks, both
 * cheap: before any rebuild (full or days) of a non-empty stage table, whether the model's event name has any event at
 * all (so nothing is replaced, on every target, BigQuery included: one query filtered on the clustered event_name,
 * stopping at the first row; asked on every run, nothing cached between runs); and, for a full rebuild, once the new
 * rows are built and before they replace the old ones, whether there are any (see rebuild/execute.ts and rebuild/batches.ts).
 * A targeted run whose days hold no rows while its event name has events is normal and not refused.
 */

/** Rows in a stage table (0 when it does not exist yet). */
export async function stagedRows(wh: Warehouse, ctx: RunContext, stageTable: string, exists?: boolean): Promise<number> {
  if (!(exists ?? (await wh.columns(stageTable)) !== null)) return 0;
  const table = new Sql(ctx.compiled.env.dialect.quoteTable(stageTable));
  return Number((await wh.run(runnerStatement(ctx, TABLE_COUNT, { table }))).rows[0]?.['row_count'] ?? 0);
}

/** Whether any event (original or exceptions) has this event name (on those days, with `ranges`): one query, stopping at the first row. */
export async function eventNamePresent(wh: Warehouse, ctx: RunContext, eventName: string, ranges: readonly DayRange[] | null = null): Promise<boolean> {
  const present = (await wh.run(runnerStatement(ctx, EVENT_NAME_PRESENT, { event_name: eventName, ...(ranges ? { ranges } : {}) }))).rows[0]?.['present'];
  return Number(present ?? 0) !== 0;
}

/** For an event name matching no events: the nearest names present (asked only then, the rare failing case). */
export async function nearestEventNamesHint(wh: Warehouse, ctx: RunContext, eventName: string): Promise<string> {
  const names = (await wh.run(runnerStatement(ctx, EVENT_NAMES_LIST, {}))).rows.map((r) => String(r['event_name']));
  const nearest = nearestNames(eventName, names);
  const some = [...new Set(names)].sort().slice(0, 5);
  return nearest.length > 0 ? `nearest event names present: ${nearest.join(', ')}` : some.length > 0 ? `no event name present is close; some present: ${some.join(', ')}` : 'there are no events at all';
}

/**
 * Before a rebuild (full or days) of a stage table: the refusal when its event name matches no event and the table
 * holds rows. `staged`: its rows, or how to count them (counted only once the event name is found absent). `days`: a
 * day rebuild's days, asked first (their partitions only: on BigQuery the whole table's event_name column is billed).
 */
export async function absentEventNameRefusal(wh: Warehouse, ctx: RunContext, model: ModelDef, staged: number | (() => Promise<number>), days: readonly string[] = []): Promise<string | null> {
  if (staged === 0) return null;
  const eventName = model.config.event_name;
  if (days.length > 0 && (await eventNamePresent(wh, ctx, eventName, daysToRanges(days)))) return null;
  if (await eventNamePresent(wh, ctx, eventName)) return null;
  const rows = typeof staged === 'number' ? staged : await staged();
  if (rows === 0) return null;
  const hint = await nearestEventNamesHint(wh, ctx, eventName);
  return `${model.name}: event_name '${eventName}' matches no events; ${leftAsItWas(rows)}; ${hint}; pass --allow-empty to empty it`;
}

/** Once the new rows are built (none) and before they replace the `staged` old ones. */
export function emptyResultRefusal(model: ModelDef, staged: number): string {
  return `${model.name}: the model selects no rows (event_name '${model.config.event_name}'); ${leftAsItWas(staged)}; pass --allow-empty to empty it`;
}

const leftAsItWas = (staged: number): string => `the stage table (${staged.toLocaleString('en-US')} rows) is left as it was`;
