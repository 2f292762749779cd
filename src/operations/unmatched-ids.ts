import type { MacroHeader } from '../compiler/macro-args';
import { runnerStatement, type RunContext } from '../compiler/render';
import { OperationError } from '../errors';
import type { Warehouse } from '../warehouse/warehouse';

/** The ids a macro's `reports_unmatched` arguments name, in the order given (none when it declares none). */
export function namedIds(header: MacroHeader, args: Readonly<Record<string, unknown>>): string[] {
  const ids = header.reports_unmatched.flatMap((name) => {
    const value = args[name];
    return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  });
  return [...new Set(ids)];
}

/**
 * The named ids that match no event of the operation's event name (asked before anything is written, under the
 * side-tables lock; one query, filtered by event name and id).
 */
export async function unmatchedIds(wh: Warehouse, ctx: RunContext, header: MacroHeader, args: Readonly<Record<string, unknown>>): Promise<string[]> {
  const ids = namedIds(header, args);
  if (ids.length === 0 || typeof args['event_name'] !== 'string') return [];
  const found = new Set((await wh.run(runnerStatement(ctx, 'event_ids_present', { event_name: args['event_name'], event_ids: ids }))).rows.map((r) => String(r['event_id'])));
  return ids.filter((id) => !found.has(id));
}

/** An operation whose ids all match nothing: refused, nothing written (exit 1). */
export class NothingMatchedError extends OperationError {
  constructor(
    readonly macro: string,
    readonly eventName: string,
    readonly unmatchedIds: readonly string[],
  ) {
    super(`${macro}: ${idsText(unmatchedIds)} match${unmatchedIds.length === 1 ? 'es' : ''} no event named '${eventName}'; nothing was written`);
  }
}

/** The warning when some of the ids matched nothing (the others are written). */
export function unmatchedWarning(macro: string, eventName: string, unmatched: readonly string[]): string {
  return `${macro}: ${idsText(unmatched)} match${unmatched.length === 1 ? 'es' : ''} no event named '${eventName}'; written for the other ids only`;
}

/** `event id 'a'`, or `event ids 'a', 'b' … (+n more)` for long lists. */
function idsText(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => `'${id}'`).join(', ');
  return `event id${ids.length === 1 ? '' : 's'} ${shown}${ids.length > 10 ? ` … (+${ids.length - 10} more)` : ''}`;
}
