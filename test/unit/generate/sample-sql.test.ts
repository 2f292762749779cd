/** The sample query of `generate models` per target (BigQuery's bounded to recent days), and generated models compiling on BigQuery. */
import { runnerStatement } from '../../../src/compiler/statements';
import { modelSql } from '../../../src/rebuild/model-sql';
import { inferModels, modelText } from '../../../src/generate/infer-model';
import { SAMPLE_EVENTS } from '../../../src/generate/sql';
import { compiledContext, TARGET_YML, TempProjects } from '../../helpers/compile-context';

const projects = new TempProjects();
afterAll(() => projects.cleanup());
const AS_OF = new Date('2026-11-23T12:00:00Z');
const since = new Date('2026-11-16T00:00:00Z');

it('BigQuery samples only the recent days (billed scans), per name with QUALIFY; DuckDB ranks the whole table', () => {
  const bq = compiledContext(projects.make({ yml: TARGET_YML.bigquery }), AS_OF);
  const s = runnerStatement(bq, SAMPLE_EVENTS, { event_names: ['CardWasShipped'], limit: 50, since });
  expect(s.sql).toMatch(/FROM `kinesis`\.`backend_events`\s+WHERE event_created_at >= TIMESTAMP '2026-11-16 00:00:00\.000\+00'\s+AND event_name IN UNNEST\(@/);
  expect(s.sql).toContain('QUALIFY ROW_NUMBER() OVER (PARTITION BY event_name ORDER BY event_created_at DESC, event_id) <=');
  expect(s.sql).toContain('TO_JSON_STRING(`event_data`)');

  const duck = compiledContext(projects.make({ yml: TARGET_YML.duckdb }), AS_OF);
  const all = runnerStatement(duck, SAMPLE_EVENTS, { event_names: null, limit: 50, since });
  expect(all.sql).not.toContain('event_created_at >=');
  expect(all.sql).not.toContain('event_name IN');
  expect(all.sql).toMatch(/WHERE sample_rank <= /);
});

it('a generated model compiles on BigQuery: typed casts of the JSON paths, the rare key only in a comment', () => {
  const rows = Array.from({ length: 120 }, (_, i) => ({ Amount: i + 0.5, At: '2026-11-22T10:00:00Z', Deep: { Key: true }, ...(i === 0 ? { Rare: 1 } : {}) }));
  const [m] = inferModels(new Map([['PaymentCompleted', rows]]));
  const ctx = compiledContext(projects.make({ yml: TARGET_YML.bigquery, models: { [m!.name]: modelText(m!) } }), AS_OF);
  const model = ctx.compiled.models.get('payment_completed');
  expect(model?.config.event_name).toBe('PaymentCompleted');
  const sql = modelSql(ctx, model!, null);
  expect(sql).toMatch(/CAST\(JSON_VALUE\(`event_data`, '\$\.Amount'\) AS FLOAT64\) as amount/);
  expect(sql).toMatch(/CAST\(JSON_VALUE\(`event_data`, '\$\.At'\) AS TIMESTAMP\) as at_,/);
  expect(sql).toMatch(/CAST\(JSON_VALUE\(`event_data`, '\$\.Deep\.Key'\) AS BOOL\) as deep_key\n/);
  expect(sql).toMatch(/\n\s*-- .*'\$\.Rare'.* as rare,  -- rare: in 1 of 120 sampled rows\n/);
});
