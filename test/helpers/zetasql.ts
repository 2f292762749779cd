import { Sql } from '../../src/compiler/sql';
import { runnerStatements, type RunContext } from '../../src/compiler/statements';
import { STAGING_CREATE } from '../../src/import/sql';
import { Analyzer, type AnalyzedStatement } from '../../src/zetasql/analyzer';
import type { Catalog } from '../../src/zetasql/catalog';
import { projectCatalog } from '../../src/zetasql/project-catalog';
import { AttachedService, ZetasqlService } from '../../src/zetasql/service';
import { compiledContext, TARGET_YML, TempProjects } from './compile-context';

/**
 * An analyzer on the suite's ZetaSQL service (started by jest's global set-up, BACKFILL_ZETASQL_PORT), or on one of
 * its own when run without it; `stop` ends only a service it started.
 */
export function suiteAnalyzer(): { analyzer: Analyzer; stop: () => void } {
  const port = Number(process.env['BACKFILL_ZETASQL_PORT'] ?? 0);
  if (port > 0) return { analyzer: new Analyzer(new AttachedService(port)), stop: () => undefined };
  const own = new ZetasqlService();
  return { analyzer: new Analyzer(own), stop: () => own.stop() };
}

/**
 * The catalog of a compiled BigQuery project (target project dw-prod-gwiiag, location EU), with the location the
 * runner cases name and an import staging table (`backfill`.`__import_x`, named per operation at run time).
 */
export async function testCatalog(ctx: RunContext, analyzer: Analyzer): Promise<{ catalog: Catalog; analyzed: AnalyzedStatement[] }> {
  const built = await projectCatalog(ctx, analyzer, { project: 'dw-prod-gwiiag', location: 'EU' });
  built.catalog.addLocation('europe-west1');
  const staging = runnerStatements(ctx, STAGING_CREATE, { staging: new Sql('`backfill`.`__import_x`') })[0]!;
  await analyzer.analyzeScript(staging.sql, {}, built.catalog, { learn: true });
  return built;
}

/** The analyzer's errors, each with its place and the statement's SQL. */
export function problems(results: readonly AnalyzedStatement[]): string[] {
  return results.filter((r) => r.error).map((r) => `${r.error!.message} [at ${r.error!.line}:${r.error!.column}]\n${r.sql}`);
}

/** What a test file of BigQuery statements works with, filled in before its tests (see analyzerSuite). */
export interface AnalyzerSuite {
  readonly projects: TempProjects;
  ctx: RunContext;
  analyzer: Analyzer;
  catalog: Catalog;
  /** The project's CREATE statements the catalog was built from, as analyzed. */
  catalogStatements: AnalyzedStatement[];
}

/**
 * For one test file: a compiled BigQuery project at `asOf`, an analyzer on the suite's service and the project's
 * catalog, set up before the file's tests (its own beforeAll hooks run after this one) and cleaned up after.
 */
export function analyzerSuite(asOf: Date): AnalyzerSuite {
  const suite = { projects: new TempProjects() } as AnalyzerSuite;
  let stop: () => void = () => undefined;
  beforeAll(async () => {
    suite.ctx = compiledContext(suite.projects.make({ yml: TARGET_YML.bigquery }), asOf);
    ({ analyzer: suite.analyzer, stop } = suiteAnalyzer());
    ({ catalog: suite.catalog, analyzed: suite.catalogStatements } = await testCatalog(suite.ctx, suite.analyzer));
  });
  afterAll(() => {
    suite.projects.cleanup();
    stop();
  });
  return suite;
}
