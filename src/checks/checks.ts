import type { ModelDef } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import type { Warehouse } from '../targets/warehouse';
import { modelSql } from '../rebuild/model-sql';
import { requireMigrated } from '../ledger/migrations';
import { COLLIDING_INSERTS, EXCLUDED_PRESENT, ORPHAN_UPDATES, STAGE_MATCHES, UNIQUE_KEYS } from './sql';
import type { SqlContext, SqlTemplate } from '../compiler/sql-template';

/** How many offending ids a check lists. */
const SAMPLE = 20;

/** What a check is given: its handle's context but `sample`, which every check reads and runChecks adds. */
export type CheckContext<K extends string, O extends string> = Omit<SqlContext<K, O>, 'sample'>;

export interface CheckResult {
  readonly check: string;
  readonly model: string | null;
  readonly status: 'pass' | 'fail';
  /** Offending rows, up to 20: `event_id` and what is wrong. */
  readonly sample: ReadonlyArray<Record<string, unknown>>;
}

/** Data checks on the selected stage tables and the side tables (issue: `backfill check`). */
export async function runChecks(wh: Warehouse, ctx: RunContext, models: readonly ModelDef[]): Promise<CheckResult[]> {
  await requireMigrated(wh, ctx);
  const d = ctx.compiled.env.dialect;
  const results: CheckResult[] = [];
  const check = async <K extends string, O extends string>(name: string, model: string | null, template: SqlTemplate<K, O>, context: NoInfer<CheckContext<K, O>>): Promise<void> => {
    // Every check's SQL reads `sample`; the other keys are the handle's, checked at the call.
    const rows = (await wh.run(runnerStatement(ctx, template, { ...context, sample: SAMPLE } as unknown as SqlContext<K, O>))).rows;
    results.push({ check: name, model, status: rows.length === 0 ? 'pass' : 'fail', sample: rows });
  };
  for (const m of models) {
    const stageTable = `${ctx.project.config.tables.stage_schema}.${m.name}`;
    if ((await wh.columns(stageTable)) === null) {
      results.push({ check: 'stage table exists', model: m.name, status: 'fail', sample: [{ problem: `${stageTable} does not exist; run 'backfill run' first` }] });
      continue;
    }
    const base = { stage_table: new Sql(d.quoteTable(stageTable)), unique_key: m.config.unique_key };
    await check('stage keys are unique', m.name, UNIQUE_KEYS, base);
    await check('no excluded event in the stage table', m.name, EXCLUDED_PRESENT, base);
    await check('every stage row equals its effective row', m.name, STAGE_MATCHES, { ...base, model_sql: new Sql(modelSql(ctx, m, null)) });
  }
  const eventNames = [...new Set(models.map((m) => m.config.event_name))];
  if (eventNames.length > 0) {
    await check('no orphan updates (is_event_update without an original event)', null, ORPHAN_UPDATES, { event_names: eventNames });
    await check('no colliding inserts (is_event_update = false for an id the original has)', null, COLLIDING_INSERTS, { event_names: eventNames });
  }
  return results;
}
