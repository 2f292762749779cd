/**
 * Issue 19, item 3 with item 1: the files `backfill compile run` writes for reviewers — every statement a run sends
 * for a model, parameters printed above each — are analyzed by ZetaSQL as they are written (the file is the script;
 * its `-- @name = value` lines are the parameters, a timestamp given as a Date), zero errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '../../../src/compiler/statements';
import { compileRun } from '../../../src/operations/compile-run';
import type { Analyzer } from '../../../src/zetasql/analyzer';
import type { Catalog } from '../../../src/zetasql/catalog';
import { analyzerSuite, problems } from '../../helpers/zetasql';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const suite = analyzerSuite(AS_OF);
let ctx: RunContext;
let analyzer: Analyzer;
let catalog: Catalog;
beforeAll(() => ({ ctx, analyzer, catalog } = suite));

/** The parameters a compiled file prints above its statements; an ISO time was a Date (sent as TIMESTAMP). */
function printedParams(text: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const m of text.matchAll(/^-- @(\w+) = (.*)$/gm)) {
    const v: unknown = JSON.parse(m[2]!);
    params[m[1]!] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) ? new Date(v) : v;
  }
  return params;
}

it.each([
  ['--days 2026-11-20..2026-11-23', ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']],
  ['--full-refresh', null],
] as const)('compile run %s: each model file analyzed as written, no error', async (_what, days) => {
  const files = compileRun(ctx, { select: undefined, days, at: AS_OF });
  expect(files.map((f) => path.basename(f)).sort()).toEqual(['card_shipped.sql', 'payment_completed.sql']);
  for (const f of files) {
    const text = fs.readFileSync(path.join(ctx.project.dir, f), 'utf8');
    const results = await analyzer.analyzeScript(text, printedParams(text), catalog);
    expect(results.length).toBeGreaterThanOrEqual(days === null ? 5 : 4);
    expect(problems(results)).toEqual([]);
  }
});
