import type { RunContext } from '../compiler/statements';
import { firstLine } from '../errors';
import { foreseenWarning, zeroMatches } from '../operations/unmatched-ids';
import type { Warehouse } from '../targets/warehouse';
import type { Output } from './output';

/**
 * For dry runs: the ids that match nothing (and an event name with no events) as a warning, and the JSON fields
 * saying so; the dry run itself does not fail. A warehouse that cannot answer (not migrated) is said, not fatal.
 */
export async function foreseeZeroMatches(wh: Warehouse, ctx: RunContext, macro: string, args: Readonly<Record<string, unknown>>, out: Output, label = macro): Promise<{ unmatched_ids?: readonly string[]; warning?: string }> {
  try {
    const found = await zeroMatches(wh, ctx, label, ctx.compiled.macros.get(macro)!.header, args);
    const warning = foreseenWarning(label, String(args['event_name']), found);
    if (warning !== null) out.warn(warning);
    return { ...(found.unmatched.length > 0 ? { unmatched_ids: found.unmatched } : {}), ...(warning !== null ? { warning } : {}) };
  } catch (err) {
    const warning = `${label}: could not check which events it matches: ${firstLine(err)}`;
    out.warn(warning);
    return { warning };
  }
}
