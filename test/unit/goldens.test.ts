/**
 * Golden compiled SQL for every dialect (DuckDB, PostgreSQL, BigQuery): the built-in macros, the example models (full and by day range) and the
 * migrations, rendered with the clock and the ids injected, compared byte-for-byte to test/goldens/<dialect>/*.sql.
 * Run with UPDATE_GOLDENS=1 to (re)write the files, then review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TimestampText } from '../../src/compiler/dialect';
import { renderState, toStatements, type RunContext } from '../../src/compiler/statements';
import { formatScript } from '../../src/operations/compiled-files';
import { migrationContext } from '../../src/ledger/migration-context';
import { openWriteStatements, type ModelPlan } from '../../src/rebuild/plan-days';
import { compiledContext, TARGET_YML, TempProjects } from '../helpers/compile-context';
import { modelSql } from '../../src/rebuild/model-sql';
import { rebuildStatements } from '../../src/rebuild/steps';
import { compileOperation } from '../../src/operations/compile-operation';

const UPDATE = process.env['UPDATE_GOLDENS'] === '1';
const AS_OF = new Date('2026-11-23T00:00:00Z');
const IDS = { operationId: '00000000-0000-4000-8000-000000000001', timestamp: new Date('2026-11-23T10:00:00Z') };
/** The window of a current_date_offset of 3, plus one older day touched by a correction. */
const DAYS = ['2026-11-12', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const MODEL_COLUMNS: Record<string, string[]> = {
  card_shipped: ['event_id', 'event_created_at', 'user_id', 'card_id', 'status', 'carrier', 'country', 'shipped_at'],
  payment_completed: ['event_id', 'event_created_at', 'user_id', 'transaction_id', 'advisor_id', 'amount', 'currency', 'status', 'attempt'],
};

const OPERATIONS: Record<string, [macro: string, args: Record<string, unknown>]> = {
  op_update_event_data_ids: [
    'update_event_data',
    {
      stage_table_name: 'card_shipped',
      event_ids: ['e-1', 'e-2', 'e-1'],
      set: { '$.Status': 'Failed', '$.Tracking.Code': "O'Neil 7" },
      description: "status fix: 'Pending' -> Failed <ticket #12 & co>",
    },
  ],
  op_update_event_data_where: [
    'update_event_data',
    {
      event_name: 'PaymentCompleted',
      where: { '$.Status': 'Pending', user_id: ['u-1', 'u-2'], event_advisor_id: null, '$.Attempt': 2 },
      set: { '$.Status': 'Failed', '$.Retry': false },
      description: 'pending payments of two users failed',
    },
  ],
  op_remove_duplicates_by_event_id: ['remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 7 }],
  op_add_duplicates_to_exclusions: [
    'add_duplicates_to_exclusions',
    { stage_table_name: 'payment_completed', event_ids: ['p-1', 'p-2'], description: 'duplicate delivery; see INC-7' },
  ],
  op_add_duplicates_to_exclusions_one: [
    'add_duplicates_to_exclusions',
    { stage_table_name: 'card_shipped', event_id: 'c-9', description: 'test event' },
  ],
  op_remove_duplicates_by_business_id: ['remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: '$.TransactionId' }],
  op_remove_duplicates_by_business_id_column: [
    'remove_duplicates_by_business_id',
    { stage_table_name: 'card_shipped', business_key: 'event_external_reference_id', lookback_days: 30 },
  ],
};

describe.each(['duckdb', 'postgres', 'bigquery'] as const)('%s', (dialect) => {
  const GOLDEN_DIR = path.join(__dirname, '..', 'goldens', dialect);
  const projects = new TempProjects();
  let ctx: RunContext;
  beforeAll(() => {
    // The repository's example models with the default tables; no project macros, so only the built-ins.
    ctx = compiledContext(projects.make({ yml: TARGET_YML[dialect] }), AS_OF);
  });
  afterAll(() => projects.cleanup());

  function plan(model: string, mode: 'full' | 'days', byEvent = false): ModelPlan {
    const def = ctx.compiled.models.get(model)!;
    return {
      model: def,
      stageTable: `stage.${model}`,
      mode,
      reason: 'golden',
      days: mode === 'days' ? DAYS : [],
      windowDays: mode === 'days' ? DAYS.slice(1) : [],
      touchedDays: mode === 'days' ? DAYS.slice(0, 1) : [],
      eventDays: byEvent ? DAYS.slice(0, 1) : [],
      touched: byEvent ? { since: new TimestampText('2026-11-22 10:00:00'), upto: new TimestampText('2026-11-23 10:00:00.123456') } : null,
      highWater: null,
      watermark: null,
      columns: MODEL_COLUMNS[model]!,
    };
  }

  /** Every golden: file name (without .sql) → rendered text. */
  function renderAll(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, [macro, args]] of Object.entries(OPERATIONS)) {
      out[name] = formatScript(compileOperation(ctx, macro, args, IDS).compiled);
    }
    for (const model of Object.keys(MODEL_COLUMNS)) {
      out[`model_${model}`] = `${modelSql(ctx, ctx.compiled.models.get(model)!, null)}\n`;
      out[`model_${model}_full_refresh`] = formatScript(rebuildStatements(ctx, plan(model, 'full')).build);
      // DuckDB inserts the rebuilt days in place (a work table only when the change feed compares).
      const days = rebuildStatements(ctx, plan(model, 'days'));
      expect(days.workTable).toBe(dialect === 'duckdb' ? null : `stage.__backfill_work_${model}`);
      out[`model_${model}_days`] = formatScript(allOf(days));
    }
    const feed = rebuildStatements(ctx, plan('card_shipped', 'days'), true);
    expect(feed.workTable).toBe(`${dialect === 'duckdb' ? 'temp' : 'stage'}.__backfill_work_card_shipped`);
    if (dialect === 'duckdb') out['model_card_shipped_days_feed'] = formatScript(allOf(feed));
    // A targeted run that corrects the events of one old day one by one (the window's days whole).
    out['model_card_shipped_corrected_events'] = formatScript(allOf(rebuildStatements(ctx, plan('card_shipped', 'days', true))));
    // What a run reads before planning, where another session may still commit side-table rows (none on DuckDB).
    if (dialect !== 'duckdb') out['runner_plan_open_writes'] = formatScript(openWriteStatements(ctx));
    expect(openWriteStatements(ctx)).toHaveLength(dialect === 'duckdb' ? 0 : 1);
    for (const m of ctx.compiled.migrations) {
      out[`migration_${m.id}`] = formatScript(toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx));
    }
    return out;
  }

  const allOf = (st: ReturnType<typeof rebuildStatements>) => [...(st.probe ? [st.probe] : []), ...st.build, ...st.swap, ...st.cleanup];

  const goldenFile = (name: string): string => path.join(GOLDEN_DIR, `${name}.sql`);

  describe(`golden SQL (${dialect})`, () => {
    let rendered: Record<string, string>;
    beforeAll(() => {
      rendered = renderAll();
      if (UPDATE) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        for (const f of fs.readdirSync(GOLDEN_DIR)) if (f.endsWith('.sql')) fs.rmSync(path.join(GOLDEN_DIR, f));
        for (const [name, text] of Object.entries(rendered)) fs.writeFileSync(goldenFile(name), text);
      }
    });

    test('covers the four built-in macros, both example models and every migration', () => {
      const names = Object.keys(rendered);
      const macros = new Set(Object.values(OPERATIONS).map(([macro]) => macro));
      expect([...macros].sort()).toEqual(['add_duplicates_to_exclusions', 'remove_duplicates_by_business_id', 'remove_duplicates_by_event_id', 'update_event_data']);
      expect(names).toEqual(expect.arrayContaining(['model_card_shipped', 'model_card_shipped_days', 'model_payment_completed', 'model_payment_completed_days']));
      expect(names.filter((n) => n.startsWith('migration_')).length).toBeGreaterThanOrEqual(2);
    });

    test('every golden file on disk is still produced (no stale goldens)', () => {
      const onDisk = fs.existsSync(GOLDEN_DIR) ? fs.readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.sql')) : [];
      expect(onDisk.sort()).toEqual(Object.keys(rendered).map((n) => `${n}.sql`).sort());
    });

    test.each([...Object.keys(OPERATIONS), 'model_card_shipped', 'model_payment_completed'])('%s matches its golden file', (name) => {
      expectGolden(name);
    });

    test('the day-range rebuilds and full refreshes match their golden files', () => {
      for (const model of Object.keys(MODEL_COLUMNS)) {
        for (const suffix of ['full_refresh', 'days']) expectGolden(`model_${model}_${suffix}`);
      }
    });

    test('the migrations match their golden files', () => {
      for (const name of Object.keys(rendered).filter((n) => n.startsWith('migration_'))) expectGolden(name);
    });

    test('rendering is deterministic: a second compile of the project gives the same text', () => {
      const again = renderAll();
      expect(again).toEqual(rendered);
    });

    test('no HTML escaping, no clock: literals are SQL-quoted and timestamps come from the injected values', () => {
      const all = Object.values(rendered).join('\n');
      expect(all).not.toMatch(/&(lt|gt|amp|quot|#x27|#x60|#x3D);/);
      const op = rendered['op_update_event_data_ids']!;
      // The operation's id and action time are placeholders, bound when it runs (src/operations/operation-params.ts).
      expect(op).not.toContain(IDS.operationId);
      expect(op).toMatch(/^\s+@operation_id$/m);
      if (dialect === 'bigquery') {
        // Values are query parameters, shown above the statement for review; day bounds stay constant literals.
        expect(op).toMatch(/^-- @p_[0-9a-f]{12} = "status fix: 'Pending' -> Failed <ticket #12 & co>"$/m);
        expect(op).toContain('CAST(@action_at AS TIMESTAMP)');
        expect(op.split('\n').filter((l) => !l.startsWith('--')).join('\n')).not.toContain('status fix');
      } else {
        expect(op).toContain(`'status fix: ''Pending'' -> Failed <ticket #12 & co>'`);
        expect(op).toMatch(/^\s+@action_at,$/m);
        expect(op).not.toMatch(/TIMESTAMPTZ? '2026-11-23 10:00/);
      }
      const today = new Date().toISOString().slice(0, 10);
      if (today !== '2026-11-23') expect(all).not.toContain(today);
    });

    test('operations: no leftover AND TRUE, the effective events once as CTEs at the top, a one-id exclusion in few lines of its own', () => {
      for (const name of Object.keys(OPERATIONS)) {
        const op = rendered[name]!;
        expect(op).not.toMatch(/\bAND\s+TRUE\b/);
        for (const statement of op.split(/;\n/).filter((s) => /current_events/.test(s))) {
          // INSERT INTO <table> (<columns>), then one WITH at the top whose last CTE is current_events.
          const lines = statement.split('\n').filter((l) => !l.startsWith('--'));
          expect(lines.findIndex((l) => l === 'WITH')).toBe(lines.findIndex((l) => l === '  )') + 1);
          expect(statement.match(/\bWITH\b/g)).toHaveLength(1);
          expect(statement.match(/^ {2}current_events AS \($/gm)).toHaveLength(1);
          expect(statement).not.toMatch(/\) AS current_events/);
        }
      }
      // The one-id exclusion: 49 lines before, all of them one nested subquery. Now the standard CTEs (the same in every
      // operation), then the statement's own 11 lines.
      const one = rendered['op_add_duplicates_to_exclusions_one']!.split('\n').filter((l) => !l.startsWith('-- @') && l !== '');
      const own = one.slice(one.indexOf('  current_events AS (')).slice(one.slice(one.indexOf('  current_events AS (')).indexOf('  )') + 1);
      const [ts, description, id] = dialect === 'bigquery' ? ['CAST(@action_at AS TIMESTAMP)', expect.stringMatching(/^ {2}@p_\w+,$/), expect.stringMatching(/^ {2}event_id = @p_\w+;$/)] : ['@action_at', "  'test event',", "  event_id = 'c-9';"];
      expect(own).toEqual(['SELECT', '  event_id,', '  event_created_at,', '  event_name,', `  ${ts},`, description, '  @operation_id', 'FROM', '  current_events', 'WHERE', id]);
      expect(one).toHaveLength(190);
    });

    function expectGolden(name: string): void {
      const file = goldenFile(name);
      if (!fs.existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is missing; run with UPDATE_GOLDENS=1 and review it`);
      expect(rendered[name]).toBe(fs.readFileSync(file, 'utf8'));
    }
  });
});
