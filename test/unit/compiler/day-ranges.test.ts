/**
 * How day-limited SQL is written per target: one scan over OR-ed ranges where the engine prunes them (BigQuery,
 * PostgreSQL), one scan per range on DuckDB (which skips row groups for one range only); day lists where OR-ed
 * ranges would not prune anyway; and the dedup window's margins, read by key only.
 */
import { dedupRanges, marginRanges, type DayRange } from '../../../src/compiler/days';
import type { ModelPlan } from '../../../src/rebuild/plan-days';
import { compiledContext, TARGET_YML, TempProjects } from '../../helpers/compile-context';
import { modelSql } from '../../../src/rebuild/model-sql';
import { rebuildStatements } from '../../../src/rebuild/steps';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const range = (from: string, to: string): DayRange => ({ start: day(from), end: day(to) });
const RANGES = [range('2026-11-02', '2026-11-03'), range('2026-11-10', '2026-11-12'), range('2026-11-21', '2026-11-24')];

describe('marginRanges', () => {
  it('is the dedup window around the ranges minus the ranges themselves', () => {
    expect(marginRanges(RANGES, 2)).toEqual([
      range('2026-10-31', '2026-11-02'),
      range('2026-11-03', '2026-11-05'),
      range('2026-11-08', '2026-11-10'),
      range('2026-11-12', '2026-11-14'),
      range('2026-11-19', '2026-11-21'),
      range('2026-11-24', '2026-11-26'),
    ]);
  });

  it('fills the gap between two ranges closer than the window, once', () => {
    const close = [range('2026-11-10', '2026-11-11'), range('2026-11-13', '2026-11-14')];
    expect(dedupRanges(close, 2)).toEqual([range('2026-11-08', '2026-11-16')]);
    expect(marginRanges(close, 2)).toEqual([range('2026-11-08', '2026-11-10'), range('2026-11-11', '2026-11-13'), range('2026-11-14', '2026-11-16')]);
  });

  it('is empty for a window of 0 days and null when the window is unbounded or there is no range', () => {
    expect(marginRanges(RANGES, 0)).toEqual([]);
    expect(marginRanges(RANGES, null)).toBeNull();
    expect(marginRanges(null, 2)).toBeNull();
  });
});

describe('day-limited SQL per target', () => {
  const projects = new TempProjects();
  afterAll(() => projects.cleanup());

  function context(target: keyof typeof TARGET_YML, window: number | null) {
    const dir = projects.make({ yml: TARGET_YML[target] });
    return compiledContext(dir, AS_OF, window === null ? undefined : `{dedup_window_days: ${window}}`);
  }

  function daysSql(target: keyof typeof TARGET_YML, window: number | null): string {
    const ctx = context(target, window);
    return modelSql(ctx, ctx.compiled.models.get('card_shipped')!, RANGES);
  }

  /** The scans of the original table: how many, and how many read every column. */
  function originalScans(sql: string, table: string): { all: number; wide: number } {
    const scans = sql.split(`FROM ${table}`).length - 1;
    const wide = sql.split(`"event_data", "event_ingested_at" FROM ${table}`).length - 1 + (sql.split(`\`event_data\`, \`event_ingested_at\` FROM ${table}`).length - 1);
    return { all: scans, wide };
  }

  it('DuckDB scans the original range by range: candidates and copies once per rebuilt range, margins once each', () => {
    const sql = daysSql('duckdb', 2);
    const scans = originalScans(sql, '"kinesis"."backend_events"');
    // candidate ids: 3 ranges; copies in the days: 3 ranges (all columns); copies nearby: 6 margins (keys only)
    expect(scans).toEqual({ all: 12, wide: 3 });
    expect(sql).toContain("AND ((event_created_at >= TIMESTAMP '2026-11-10 00:00:00.000' AND event_created_at < TIMESTAMP '2026-11-12 00:00:00.000'))");
    expect(sql).toContain('SELECT event_id, event_created_at, event_name, NULL, NULL, NULL, NULL, event_ingested_at');
    // several ranges at once are a list of days (not pruned either way, and cheaper than comparing every bound)
    expect(sql).toContain("(CAST(o.event_created_at AS DATE) IN (DATE '2026-11-02', DATE '2026-11-10', DATE '2026-11-11', DATE '2026-11-21', DATE '2026-11-22', DATE '2026-11-23'))");
    // only ids delivered more than once are ranked
    expect(sql).toContain('repeated_ids AS');
    // the candidates' side-table rows are found by key, then fetched by row id
    expect(sql).toContain('SELECT rowid AS row_ref FROM "s3"."backend_events_exceptions" WHERE event_id IN (SELECT event_id FROM candidate_ids)');
    expect(sql).toContain('WHERE rowid IN (SELECT row_ref FROM exclusion_rows)');
  });

  it.each(['bigquery', 'postgres'] as const)('%s keeps one scan over OR-ed constant ranges (PostgreSQL ranks only repeated ids, BigQuery every copy)', (target) => {
    const sql = daysSql(target, 2);
    const table = target === 'bigquery' ? '`kinesis`.`backend_events`' : '"kinesis"."backend_events"';
    // postgres: candidate ids, copies in the days, copies nearby (keys only); bigquery, where every scan is billed:
    // the days' rows once (the candidates' ids and their copies), copies nearby
    expect(originalScans(sql, table)).toEqual(target === 'bigquery' ? { all: 2, wide: 1 } : { all: 3, wide: 1 });
    if (target === 'bigquery') expect(sql).toContain('SELECT event_id FROM day_rows');
    expect(sql).toMatch(/\(event_created_at >= TIMESTAMP(TZ)? '2026-11-02 00:00:00\.000(\+00)?' AND event_created_at < TIMESTAMP(TZ)? '2026-11-03 00:00:00\.000(\+00)?'\) OR \(event_created_at >= TIMESTAMP(TZ)? '2026-11-10/);
    expect(sql).not.toContain('CAST(event_created_at AS DATE) IN');
    if (target === 'bigquery') expect(sql).not.toContain('repeated_ids');
    else expect(sql).toContain('repeated_ids AS');
    expect(sql).not.toContain('rowid');
  });

  it('without a dedup window, copies elsewhere are looked for on every other day, by key only', () => {
    const sql = daysSql('duckdb', null);
    expect(sql).toContain('AND NOT (CAST(event_created_at AS DATE) IN (');
    expect(originalScans(sql, '"kinesis"."backend_events"')).toEqual({ all: 7, wide: 3 });
  });

  it('a window of 0 days reads no copy outside the rebuilt days', () => {
    const sql = daysSql('duckdb', 0);
    expect(originalScans(sql, '"kinesis"."backend_events"')).toEqual({ all: 6, wide: 3 });
  });

  describe('DuckDB replaces the stage days range by range; key deletes run without join filter pushdown, each part of the window with its own keys', () => {
    const ctx = context('duckdb', 2);
    const model = ctx.compiled.models.get('card_shipped')!;
    const plan: ModelPlan = {
      model, stageTable: 'stage.card_shipped', mode: 'days', reason: 'test', days: ['2026-11-02', '2026-11-10', '2026-11-11'],
      windowDays: [], touchedDays: [], eventDays: [], touched: null, highWater: null, watermark: null, columns: ['event_id', 'event_created_at'],
    };
    const flat = (statements: readonly { sql: string }[]): string[] => statements.map((s) => s.sql.replace(/\s+/g, ' '));
    const day = (from: string, to: string): string => `(("event_created_at" >= TIMESTAMP '${from} 00:00:00.000' AND "event_created_at" < TIMESTAMP '${to} 00:00:00.000'))`;
    // The copy index's upkeep for the rebuilt days (issue 22: DuckDB's copies lookup), in the same transaction.
    const isUpkeep = (sql: string): boolean => sql.includes('"backfill".copy_days');
    const upkeep = [
      'CREATE TABLE IF NOT EXISTS "backfill".copy_days (event_name VARCHAR, id_hash UBIGINT, copy_day TIMESTAMP)',
      'CREATE TABLE IF NOT EXISTS "backfill".copy_days_built (event_name VARCHAR, built_at TIMESTAMP)',
      ...[['2026-11-02', '2026-11-03'], ['2026-11-10', '2026-11-12']].flatMap(([from, to]) => [
        `DELETE FROM "backfill".copy_days WHERE event_name = 'CardWasShipped' AND ((copy_day >= TIMESTAMP '${from} 00:00:00.000' AND copy_day < TIMESTAMP '${to} 00:00:00.000'))`,
        `INSERT INTO "backfill".copy_days SELECT event_name, hash(event_id), date_trunc('day', event_created_at) FROM "kinesis"."backend_events" WHERE event_name = 'CardWasShipped' AND ((event_created_at >= TIMESTAMP '${from} 00:00:00.000' AND event_created_at < TIMESTAMP '${to} 00:00:00.000'))`,
      ]),
    ];
    const clear = [`DELETE FROM "stage"."card_shipped" WHERE ${day('2026-11-02', '2026-11-03')}`, `DELETE FROM "stage"."card_shipped" WHERE ${day('2026-11-10', '2026-11-12')}`];

    it('in place: cleared, inserted from the model (its count), then the old copies of the new keys in each part', () => {
      const st = rebuildStatements(ctx, plan);
      expect(st.workTable).toBeNull();
      expect(st.build).toEqual([]);
      expect(st.probe!.sql).toMatch(/^SELECT \* FROM \(\n[\s\S]*\) AS new_rows\nLIMIT 0$/);
      expect(flat(st.swap).filter(isUpkeep)).toEqual(upkeep);
      const swap = flat(st.swap).filter((x) => !isUpkeep(x));
      expect(swap.slice(0, 2)).toEqual(clear);
      expect(swap[2]).toMatch(/^INSERT INTO "stage"\."card_shipped" \("event_id", "event_created_at"\) SELECT "event_id", "event_created_at" FROM \( select .* \) AS new_rows$/);
      expect(st.insert).toBe(st.swap.filter((x) => !isUpkeep(x.sql))[2]);
      const stage = (days: string): string => `SELECT "event_id" FROM "stage"."card_shipped" WHERE ${days}`;
      expect(swap.slice(3)).toEqual([
        "SET disabled_optimizers = 'join_filter_pushdown'",
        `DELETE FROM "stage"."card_shipped" WHERE ${day('2026-10-31', '2026-11-05')} AND NOT ${day('2026-11-02', '2026-11-03')} AND "event_id" IN ( ${stage(day('2026-11-02', '2026-11-03'))} )`,
        `DELETE FROM "stage"."card_shipped" WHERE ${day('2026-11-08', '2026-11-14')} AND NOT ${day('2026-11-10', '2026-11-12')} AND "event_id" IN ( ${stage(day('2026-11-10', '2026-11-12'))} )`,
        'RESET disabled_optimizers',
      ]);
      expect(st.cleanup).toEqual([]);
    });

    it('through a work table when the change feed compares the new rows with the old ones', () => {
      const st = rebuildStatements(ctx, plan, true);
      expect(st.workTable).toBe('temp.__backfill_work_card_shipped');
      expect(st.probe).toBeNull();
      expect(st.insert).toBeNull();
      expect(flat(st.swap).filter(isUpkeep)).toEqual(upkeep);
      expect(flat(st.swap).filter((x) => !isUpkeep(x))).toEqual([
        ...clear,
        "SET disabled_optimizers = 'join_filter_pushdown'",
        `DELETE FROM "stage"."card_shipped" WHERE "event_id" IN (SELECT "event_id" FROM "temp"."__backfill_work_card_shipped" WHERE ${day('2026-10-31', '2026-11-05')}) AND ${day('2026-10-31', '2026-11-05')}`,
        `DELETE FROM "stage"."card_shipped" WHERE "event_id" IN (SELECT "event_id" FROM "temp"."__backfill_work_card_shipped" WHERE ${day('2026-11-08', '2026-11-14')}) AND ${day('2026-11-08', '2026-11-14')}`,
        'RESET disabled_optimizers',
        `INSERT INTO "stage"."card_shipped" ("event_id", "event_created_at") SELECT "event_id", "event_created_at" FROM "temp"."__backfill_work_card_shipped"`,
      ]);
    });
  });
});
