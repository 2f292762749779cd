import { z } from 'zod';
import { resolveSink } from '../../changes/sinks';
import { getOperation, resolveOperationId } from '../../ledger/read-entries';
import { resumeRun } from '../../operations/resume';
import { hiddenSessionsWarning } from '../../rebuild/plan-days';
import { given, text } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { pickedNames } from '../selection';
import { rowsLines } from '../output';
import { batchReporter } from '../progress';
import { deliverFeed, linesBeside, modelReporter, reportRun } from '../run-report';

const ARGS = z.object({ operation_id: text, exclude: given<string[]>() }).transform((a) => ({ operationId: a.operation_id, exclude: a.exclude }));

/** `backfill resume <operation_id>`: finish a run that was killed or failed part-way. */
export const resumeHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    // A bad --exclude is refused before the warehouse opens (its selectors checked against the project's models).
    withWarehouse(globals, { session: 'backfill resume', prepare: (ctx) => pickedNames(ctx, { exclude: a.exclude }) }, async (wh, ctx) => {
      const operationId = await resolveOperationId(wh, ctx, a.operationId);
      // A run started with --changes keeps feeding that sink (it is in the run's arguments).
      const fed = await getOperation(wh, ctx, operationId).then((op) => (op['args'] as { changes?: unknown } | null)?.changes, () => undefined);
      const sink = typeof fed === 'string' ? resolveSink(ctx, fed) : null;
      const says = linesBeside(sink, out);
      const progress = batchReporter(says);
      try {
        const summary = await resumeRun(wh, ctx, operationId, { onModel: modelReporter(says), onBatch: progress.onBatch, exclude: a.exclude });
        if ('recovered' in summary) {
          says.say(summary.recovered);
          says.event(summary);
          return 0;
        }
        if ('models' in summary) {
          const hidden = hiddenSessionsWarning(ctx);
          if (hidden) says.warn(hidden);
          const code = reportRun(summary, says);
          return sink ? await deliverFeed(wh, ctx, sink, code, out, says) : code;
        }
        says.say(`resume ${summary.macro}: ${summary.status}, operation ${summary.operation_id}`);
        for (const l of rowsLines(summary.rows)) says.say(l);
        says.event(summary);
        return 0;
      } finally {
        progress.stop();
      }
    }),
};
