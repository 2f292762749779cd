import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../compiler/package-root';
import type { RunContext } from '../compiler/statements';
import type { Warehouse } from '../targets/warehouse';
import { reportData, type ReportOptions } from './report-data';
import { reportView, type ReportView } from './report-view';

/** Builds the self-contained HTML report: summary, per-day charts and figures, the ledger with its SQL, checks. */
export async function buildReport(wh: Warehouse, ctx: RunContext, opts: ReportOptions): Promise<string> {
  return renderReport(reportView(await reportData(wh, ctx, opts)));
}

/** The page from its view; every value goes through Handlebars' HTML escaping (the template has no `{{{…}}}`). */
export function renderReport(view: ReportView): string {
  const source = fs.readFileSync(path.join(PACKAGE_ROOT, 'src', 'report', 'report.html'), 'utf8');
  return Handlebars.create().compile(source, { strict: true })(view);
}
