import { z } from 'zod';
import { runChecks } from '../../checks/checks';
import { selectModels } from '../../rebuild/run';
import { given } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';

const ARGS = z.object({ select: given<string[]>(), exclude: given<string[]>() });

/** `backfill check [--select]`: exit 1 with a readable list when a check fails. */
export const checkHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill check', prepare: (ctx) => selectModels(ctx, a.select, a.exclude) }, async (wh, ctx, models) => {
      const results = await runChecks(wh, ctx, models);
      for (const r of results) {
        out.say(`${r.status === 'pass' ? 'PASS' : 'FAIL'}  ${r.model ? `${r.model}: ` : ''}${r.check}`);
        for (const row of r.sample) out.say(`        ${Object.entries(row).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
        out.event(r);
      }
      const failed = results.filter((r) => r.status === 'fail');
      out.say(`check: ${results.length - failed.length} passed, ${failed.length} failed`);
      out.event({ command: 'check', status: failed.length ? 'failed' : 'succeeded', operation_id: null, rows: {}, failed: failed.map((f) => `${f.model ?? '*'}: ${f.check}`) });
      return failed.length ? 1 : 0;
    }),
};
