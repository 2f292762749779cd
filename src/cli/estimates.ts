import type { RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import type { ModelPlan } from '../rebuild/plan-days';
import { rebuildStatements } from '../rebuild/steps';
import { driverMethod, type Warehouse } from '../targets/warehouse';
import type { Output } from './output';

/** Bytes as BigQuery bills them, for people: 1.2 GB. */
export function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Asks the warehouse what each statement would scan (dry runs) and reports each and the total. */
export async function reportEstimates(wh: Warehouse, label: string, statements: readonly Statement[], out: Output): Promise<number> {
  if (!wh.adapter.billsBytes) return 0;
  const estimate = driverMethod(wh, 'estimate');
  let total = 0;
  for (const [i, s] of statements.entries()) {
    const bytes = await estimate(s);
    total += bytes;
    out.say(`  ${label} statement ${i + 1}/${statements.length}: would process ${humanBytes(bytes)} (${bytes} bytes)`);
    out.event({ estimate: label, statement: i + 1, bytes });
  }
  out.say(`  ${label}: ${humanBytes(total)} in all`);
  return total;
}

/** What each selected model's rebuild would scan: its build statements, which read the source tables. */
export async function estimateRebuilds(wh: Warehouse, ctx: RunContext, plans: ReadonlyArray<ModelPlan>, out: Output): Promise<number> {
  let bytes = 0;
  for (const plan of plans) {
    // The swap reads the work table the build creates; the build is what is billed.
    bytes += await reportEstimates(wh, plan.model.name, rebuildStatements(ctx, plan).build.filter(ctx.compiled.env.adapter.isEstimated), out);
  }
  return bytes;
}
