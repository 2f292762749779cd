import { runChecks } from '../../checks/checks';
import { selectModels } from '../../rebuild/run';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';

/** `backfill check [--select]`: exit 1 with a readable list when a check fails. */
export async function checkCommand(opts: GlobalOptions, select: readonly string[] | undefined, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const models = selectModels(ctx, select);
  const wh = await openWarehouse(ctx.project, 'backfill check');
  try {
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
  } finally {
    await wh.close();
  }
}
