import { renderState, runnerStatements, toStatements, type RunContext } from '../compiler/statements';
import { Sql, type Statement } from '../compiler/sql';
import { CHANGES_SNAPSHOT } from '../changes/sql';
import { migrationContext } from '../ledger/migration-context';
import { SCHEMA_MIGRATIONS_CREATE } from '../ledger/sql';
import type { ModelPlan } from '../rebuild/plan-days';
import { NEXT_CREATE } from '../rebuild/sql';
import { modelSql } from '../rebuild/model-sql';
import { rebuildStatements } from '../rebuild/steps';
import type { AnalyzedStatement, Analyzer } from './analyzer';
import { Catalog } from './catalog';

/** Where the project's BigQuery tables live: the target's project (the default for two-part names) and location. */
export interface BigqueryPlace {
  readonly project: string | null;
  readonly location: string;
}

/**
 * The statements that create every table the framework reads, rendered for the BigQuery target as the commands
 * render them: the migrations table and the migrations (as `backfill migrate` does: the event tables, the ledger,
 * leases, the change feed), then per model its stage table, work table, next tables and change-feed snapshot.
 */
export function creatingStatements(ctx: RunContext): Statement[] {
  const out = [...runnerStatements(ctx, SCHEMA_MIGRATIONS_CREATE, {})];
  for (const m of ctx.compiled.migrations) out.push(...toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx));
  const d = ctx.compiled.env.dialect;
  const schema = ctx.project.config.tables.stage_schema;
  for (const model of ctx.compiled.models.values()) {
    const plan = (mode: 'full' | 'days'): ModelPlan => ({
      model, stageTable: `${schema}.${model.name}`, mode, reason: 'catalog', days: mode === 'days' ? [ctx.asOf.toISOString().slice(0, 10)] : [],
      windowDays: [], touchedDays: [], eventDays: [], touched: null, highWater: null, watermark: null, columns: null,
    });
    const stage = new Sql(d.quoteTable(`${schema}.${model.name}`));
    const keys = { partition_by: model.config.partition_by, unique_key: model.config.unique_key };
    out.push(...rebuildStatements(ctx, plan('full')).build, ...rebuildStatements(ctx, plan('full'), false, true).build, ...rebuildStatements(ctx, plan('days')).build);
    out.push(...runnerStatements(ctx, NEXT_CREATE, { next_table: new Sql(d.quoteTable(`${schema}.__backfill_next_${model.name}`)), model_sql: new Sql(modelSql(ctx, model, null)), ...keys }));
    out.push(...runnerStatements(ctx, CHANGES_SNAPSHOT, { snapshot: new Sql(d.quoteTable(`${schema}.__backfill_before_${model.name}`)), stage_table: stage }));
  }
  return out;
}

/**
 * The project's catalog, built by analyzing its own creating statements in order, each adding what it creates.
 * Returns the catalog and those statements' analyses (any error in them is an error in our SQL).
 */
export async function projectCatalog(ctx: RunContext, analyzer: Analyzer, place: BigqueryPlace): Promise<{ catalog: Catalog; analyzed: AnalyzedStatement[] }> {
  const catalog = new Catalog(place.project, [place.location]);
  const analyzed: AnalyzedStatement[] = [];
  for (const s of creatingStatements(ctx)) analyzed.push(...(await analyzer.analyzeScript(s.sql, s.params, catalog, { learn: true })));
  return { catalog, analyzed };
}
