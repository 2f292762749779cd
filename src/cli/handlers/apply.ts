import { z } from 'zod';
import type { RunContext } from '../../compiler/statements';
import { loadBackfillFiles, type BackfillFile } from '../../operations/backfill-file';
import { appliedBackfills, applyBackfills } from '../../operations/backfill-files';
import { formatScript } from '../../operations/compiled-files';
import { compileOperation } from '../../operations/compile-operation';

import { NothingMatchedError } from '../../operations/unmatched-ids';
import type { Warehouse } from '../../targets/warehouse';
import { given } from '../args';
import type { CommandHandler } from '../command';
import { usingWarehouse, withContext } from '../context';
import { rowsLines, type Output } from '../output';
import { foreseeZeroMatches } from '../zero-matches';

const ARGS = z.object({ paths: given<string[]>() }).transform((a) => ({ paths: a.paths ?? [] }));

/** `backfill apply [paths]`: run the reviewed backfill files not applied yet, in name order. */
export const applyHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const files = loadBackfillFiles(ctx, a.paths);
      if (files.length === 0) {
        // Nothing to run: the warehouse is not even opened.
        out.say('apply: no backfill files (backfills/*.yml)');
        out.event({ command: 'apply', status: 'succeeded', operation_id: null, rows: {}, applied: [] });
        return 0;
      }
      return usingWarehouse(ctx, { session: 'backfill apply' }, (wh) => (globals.dryRun ? applyDryRun(wh, ctx, files, out) : applyPending(wh, ctx, files, out)));
    }),
};

/** Applies the files not applied yet, each said as it commits; a file whose events all match nothing: exit 1. */
async function applyPending(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[], out: Output): Promise<number> {
  const outcomes = await applyBackfills(wh, ctx, files, (o) => {
    out.say(`${o.name}: applied, operation ${o.summary!.operation_id}`);
    for (const l of rowsLines(o.summary!.rows)) out.say(l);
    if (o.summary!.unmatched_ids) out.warn(`${o.name}: ${o.summary!.unmatched_ids.length} id(s) matched no event: ${o.summary!.unmatched_ids.join(', ')}`);
    out.event({ backfill: o.name, ...o.summary });
  }).catch((err: unknown) => {
    // A file whose events all match nothing: refused (exit 1), its JSON line listing the ids.
    if (!(err instanceof NothingMatchedError)) throw err;
    out.error(err.message, err.exitCode, { command: 'apply', macro: err.macro, operation_id: null, rows: {}, unmatched_ids: err.unmatchedIds });
    return null;
  });
  if (outcomes === null) return 1;
  const rows: Record<string, number> = {};
  for (const o of outcomes) for (const [t, n] of Object.entries(o.summary?.rows ?? {})) rows[t] = (rows[t] ?? 0) + n;
  const applied = outcomes.filter((o) => o.status === 'applied').map((o) => o.name);
  out.say(`apply: ${applied.length} applied, ${outcomes.length - applied.length} already applied`);
  out.event({ command: 'apply', status: 'succeeded', operation_id: outcomes.find((o) => o.summary)?.summary?.operation_id ?? null, operation_ids: outcomes.flatMap((o) => (o.summary ? [o.summary.operation_id] : [])), rows, applied });
  return 0;
}

/**
 * `backfill apply --dry-run`: which files would run and the SQL of each; nothing is written. Ids matching nothing
 * (and an event name with no events) are warnings here, as in `run-operation --dry-run`; the real apply refuses a
 * file whose events all match nothing.
 */
async function applyDryRun(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[], out: Output): Promise<number> {
  const applied = await appliedBackfills(wh, ctx, files);
  const pending: string[] = [];
  for (const f of files) {
    if (applied.has(f.name)) {
      out.say(`${f.name}: already applied`);
      continue;
    }
    pending.push(f.name);
    const plan = compileOperation(ctx, f.macro, f.args);
    out.say(`-- dry run: ${f.name} would run ${f.macro}, ${plan.statements.length} statement(s)`);
    out.say(formatScript(plan.statements));
    const extra = await foreseeZeroMatches(wh, ctx, f.macro, plan.args, out, `backfill ${f.name}: ${f.macro}`);
    out.event({ backfill: f.name, macro: f.macro, status: 'dry-run', operation_id: null, rows: {}, statements: plan.statements.map((s) => s.sql), ...extra });
  }
  out.say(`apply: dry run, ${pending.length} would be applied, ${files.length - pending.length} already applied; nothing was written`);
  out.event({ command: 'apply', status: 'dry-run', operation_id: null, rows: {}, pending });
  return 0;
}
