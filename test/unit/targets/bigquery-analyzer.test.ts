/**
 * Every statement the BigQuery warehouse can be sent, analyzed by Google's ZetaSQL (the front end BigQuery is built
 * on) against a catalog built from the project's own CREATE statements, each query parameter declared with the type
 * the BigQuery client sends it with: zero analyzer errors. The service is the suite's (test/helpers/global-setup.js).
 */
import { packageSql } from '../../../src/compiler/template-sources';
import { runnerStatements, type RunContext } from '../../../src/compiler/statements';
import { Sql, type Statement } from '../../../src/compiler/sql';
import { captureStatements, wholeTableReplaced, type ReplacedRows } from '../../../src/changes/capture';
import { compileOperation } from '../../../src/operations/compile-operation';
import { rebuildStatements } from '../../../src/rebuild/steps';
import type { Analyzer } from '../../../src/zetasql/analyzer';
import type { Catalog } from '../../../src/zetasql/catalog';
import { IN_PLACE, OPERATIONS, plan, REBUILD, runnerCases } from '../../helpers/bigquery-cases';
import { sqlHandle, sqlHandles } from '../../helpers/sql-handles';
import { analyzerSuite, problems } from '../../helpers/zetasql';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const suite = analyzerSuite(AS_OF);
let ctx: RunContext;
let analyzer: Analyzer;
let catalog: Catalog;
let analyzed = 0;

beforeAll(() => {
  ({ ctx, analyzer, catalog } = suite);
  expect(problems(suite.catalogStatements)).toEqual([]);
  analyzed += suite.catalogStatements.length;
});
afterAll(() => process.stdout.write(`ZetaSQL analyzed ${analyzed} BigQuery statements\n`));

/** Each statement analyzed on its own (with its parameters); the analyzer's errors, with the SQL. */
async function errorsIn(statements: readonly Statement[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of statements) {
    const results = await analyzer.analyzeScript(s.sql, s.params, catalog);
    expect(results).toHaveLength(1);
    analyzed += results.length;
    out.push(...problems(results));
  }
  return out;
}

describe('ZetaSQL analyzes every BigQuery statement without an error', () => {
  it.each(OPERATIONS.map(([m, a], i) => [`${m} #${i}`, m, a] as const))('macro %s', async (_n, macro, args) => {
    const plan = compileOperation(ctx, macro, args);
    const statements = plan.statements;
    expect(statements.length).toBeGreaterThan(0);
    // What is analyzed (and sent) is the compiled text as formatted: the id and action time bound as parameters.
    expect(statements.map((s) => s.sql)).toEqual(plan.compiled.map((s) => s.sql));
    expect(plan.compiled.every((s) => /^INSERT INTO\n {2}`/.test(s.sql))).toBe(true);
    expect(statements.every((s) => s.params['operation_id'] === plan.operationId)).toBe(true);
    expect(await errorsIn(statements)).toEqual([]);
  });

  it.each(['card_shipped', 'payment_completed'])('model %s: full refresh (in place, via the next table, with a change feed) and day rebuilds', async (model) => {
    const all: Statement[] = [];
    for (const [mode, feed, viaNext, byEvent, ids] of [['full', false, false, false, false], ['full', true, false, false, false], ['full', false, true, false, false], ['days', false, false, false, false], ['days', true, false, true, false], ['days', false, false, true, true]] as const) {
      const p0 = plan(ctx, model, mode, byEvent);
      // The corrected events' ids as the planner may pass them on (an array parameter), or read again.
      const p = ids ? { ...p0, touched: { ...p0.touched!, ids: ['a', "b'\\"] } } : p0;
      const st = rebuildStatements(ctx, feed ? { ...p, columns: columnsOf(model) } : p, feed, viaNext);
      all.push(...st.prepare, ...st.build, ...st.swap, ...st.cleanup);
      const replaced = typeof st.replaced === 'function' ? st.replaced(columnsOf(model)) : st.replaced;
      if (feed) all.push(...captureStatements(ctx, { sink: 'feed' }, { model: p.model, columns: columnsOf(model), afterTable: st.written, replaced: replaced as ReplacedRows, operationId: 'op' }));
    }
    const full = wholeTableReplaced(null, columnsOf(model), new Sql('`stage`.`card_shipped`'), new Sql(`\`stage\`.\`__backfill_next_${model}\``));
    all.push(...captureStatements(ctx, { sink: 'feed' }, { model: ctx.compiled.models.get(model)!, columns: columnsOf(model), afterTable: new Sql(`\`stage\`.\`__backfill_next_${model}\``), replaced: full, operationId: 'op' }));
    expect(await errorsIn(all)).toEqual([]);
  });

  it('every runner template, and a test fails when one has no case', async () => {
    const sql = packageSql([]);
    const names = sqlHandles().filter(({ handle }) => !handle.fragment && ['default', 'bigquery'].some((d) => sql.get(handle.name)?.[d])).map(({ handle }) => handle.name);
    const cases = runnerCases(ctx);
    expect([...new Set(names)].sort()).toEqual([...Object.keys(cases), ...REBUILD, ...IN_PLACE].sort());
    const all = Object.entries(cases).flatMap(([name, context]) => runnerStatements(ctx, sqlHandle(name), context() as Record<string, unknown>));
    expect(await errorsIn(all)).toEqual([]);
  });

  it('the targeted planning query both ways: without the stage lookup (and with the touched ids), and with it', async () => {
    const base = runnerCases(ctx)['rebuild/touched_days']!() as Record<string, unknown>;
    const statements = [true, false].flatMap((lookup) => runnerStatements(ctx, sqlHandle('rebuild/touched_days'), { ...base, with_reverts: lookup, stage_lookup: lookup, id_limit: lookup ? null : 1001 }));
    expect(statements.map((st) => st.sql.includes('FROM `stage`.`card_shipped` s'))).toEqual([true, false]);
    expect(await errorsIn(statements)).toEqual([]);
  });

  it("the driver's own statements (session, transaction, columns)", async () => {
    const driver = ['SELECT 1', 'BEGIN TRANSACTION', 'COMMIT TRANSACTION', 'ROLLBACK TRANSACTION', 'CALL BQ.ABORT_SESSION()'].map((s) => ({ sql: s, params: {} }));
    driver.push({ sql: 'SELECT column_name FROM `s3`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table_name ORDER BY ordinal_position', params: { table_name: 'x' } as never });
    expect(await errorsIn(driver)).toEqual([]);
  });
});

function columnsOf(model: string): string[] {
  return catalog.table(['stage', model])!.map((c) => c.name);
}
