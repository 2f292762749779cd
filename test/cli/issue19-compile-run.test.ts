/**
 * Issue 19, item 3: `backfill compile run` writes, per model, the statements `backfill run` would send for the given
 * days (or a full refresh), in each target's SQL, without connecting: every driver throws here the moment it loads.
 */
jest.mock('@duckdb/node-api', () => {
  throw new Error('driver loaded: @duckdb/node-api');
});
jest.mock('@google-cloud/bigquery', () => {
  throw new Error('driver loaded: @google-cloud/bigquery');
});
jest.mock('knex', () => {
  throw new Error('driver loaded: knex');
});
jest.mock('pg', () => {
  throw new Error('driver loaded: pg');
});

import fs from 'node:fs';
import path from 'node:path';
import { backfillIn, offlineProject } from '../helpers/offline-project';

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
let dir: string;

beforeEach(() => {
  dir = offlineProject('compile-run', ['card_shipped', 'payment_completed'], { defaultTarget: 'local' });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const backfill = (args: string[]): ReturnType<typeof backfillIn> => backfillIn(dir, args);

const compiled = (target: string, model: string): string => fs.readFileSync(path.join(dir, 'target', 'compiled', target, 'run', `${model}.sql`), 'utf8');
const DAY_BOUNDS_DQ = `"event_created_at" >= TIMESTAMP '2026-11-20 00:00:00.000' AND "event_created_at" < TIMESTAMP '2026-11-23 00:00:00.000'`;

describe('compile run --days', () => {
  it('duckdb: one file per model, the days cleared and inserted in one transaction, the watermark and the ledger, no warehouse file', async () => {
    const r = await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'target', 'compiled', 'local', 'run')).sort()).toEqual(['card_shipped.sql', 'payment_completed.sql']);
    const sql = compiled('local', 'card_shipped');
    expect(sql.startsWith('-- backfill run, compiled for review: the statements `backfill run` sends for card_shipped (target local, duckdb): days 2026-11-20..2026-11-22 replaced whole\n')).toBe(true);
    // In order: ledger start, the column probe, the days cleared, the new rows inserted, old copies of moved keys
    // deleted, the watermark moved, all in one transaction, then the ledger finished.
    const order = [
      `INSERT INTO "backfill".operations`,
      '==== phase 1: one transaction',
      '-- column check:',
      `DELETE FROM "stage"."card_shipped"\nWHERE ((${DAY_BOUNDS_DQ}));`,
      `INSERT INTO "stage"."card_shipped" ("event_id", "event_created_at", "user_id", "card_id", "status", "carrier", "country", "shipped_at")`,
      `DELETE FROM "stage"."card_shipped"\nWHERE NOT ((${DAY_BOUNDS_DQ}))\n  AND "event_id" IN (`,
      `DELETE FROM "backfill".model_watermarks WHERE model = 'card_shipped';`,
      `VALUES ('card_shipped', NULL, TIMESTAMP '1970-01-01 00:00:00.000', '${PLACEHOLDER}');`,
      '==== COMMIT ====',
      `UPDATE "backfill".operations\nSET status = 'succeeded'`,
    ];
    const at = order.map((s) => sql.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(fs.existsSync(path.join(dir, 'warehouse.duckdb'))).toBe(false);
  });

  it('bigquery: the work table built outside, then DELETE of moved keys and a MERGE with constant day bounds in one transaction; parameters above each statement', async () => {
    const r = await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22', '--target', 'bq', '--select', 'card_shipped']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(fs.readdirSync(path.join(dir, 'target', 'compiled', 'bq', 'run'))).toEqual(['card_shipped.sql']);
    const sql = compiled('bq', 'card_shipped');
    const phase2 = sql.slice(sql.indexOf('==== phase 2: one transaction'));
    expect(sql).toMatch(/==== phase 1: outside a transaction ====\n-- @p_[0-9a-f]{12} = "CardWasShipped"\nCREATE OR REPLACE TABLE `stage`.`__backfill_work_card_shipped`/);
    expect(sql).toContain('SELECT COUNT(*) AS row_count FROM `stage`.`__backfill_work_card_shipped`;');
    expect(phase2).toContain('DELETE FROM `stage`.`card_shipped`\nWHERE `event_id` IN (SELECT `event_id` FROM `stage`.`__backfill_work_card_shipped`)');
    expect(phase2).toContain(
      "MERGE `stage`.`card_shipped` AS target\nUSING `stage`.`__backfill_work_card_shipped` AS source\nON FALSE\nWHEN NOT MATCHED BY SOURCE\n  AND ((target.`event_created_at` >= TIMESTAMP '2026-11-20 00:00:00.000+00' AND target.`event_created_at` < TIMESTAMP '2026-11-23 00:00:00.000+00'))\n  THEN DELETE\nWHEN NOT MATCHED THEN INSERT ROW;",
    );
    expect(phase2).toMatch(/-- @p_[0-9a-f]{12} = "card_shipped"\nDELETE FROM `backfill`.model_watermarks WHERE model = @p_[0-9a-f]{12};/);
    expect(sql.indexOf('-- cleanup: always')).toBeGreaterThan(sql.indexOf('==== COMMIT ===='));
    expect(sql).toContain('DROP TABLE IF EXISTS `stage`.`__backfill_work_card_shipped`;');
  });

  it('postgres: the work table, then clear, moved-key delete and insert with the model columns, in one transaction', async () => {
    const r = await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22', '--target', 'pg', '--select', 'payment_completed']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const sql = compiled('pg', 'payment_completed');
    expect(sql).toContain('CREATE TABLE "stage"."__backfill_work_payment_completed" AS');
    expect(sql).toContain(`DELETE FROM "stage"."payment_completed"\nWHERE ((${DAY_BOUNDS_DQ.replace(/TIMESTAMP '(.*?)'/g, "TIMESTAMPTZ '$1+00'")}));`);
    expect(sql).toContain('INSERT INTO "stage"."payment_completed" ("event_id", "event_created_at", "user_id", "transaction_id", "advisor_id", "amount", "currency", "status", "attempt")');
    expect(sql).toContain('-- column check: the columns of stage.__backfill_work_payment_completed');
    expect(sql.indexOf('DROP TABLE IF EXISTS "stage"."__backfill_work_payment_completed"')).toBeLessThan(sql.indexOf('==== COMMIT ===='));
  });

  it('is deterministic: the same inputs give byte-identical files; --as-of sets the recorded times', async () => {
    await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22', '--target', 'bq']);
    const first = compiled('bq', 'card_shipped');
    await new Promise((r) => setTimeout(r, 20));
    await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22', '--target', 'bq']);
    expect(compiled('bq', 'card_shipped')).toBe(first);
    await backfill(['compile', 'run', '--days', '2026-11-20..2026-11-22', '--as-of', '2026-11-23']);
    expect(compiled('local', 'card_shipped')).toContain(`VALUES ('card_shipped', NULL, TIMESTAMP '2026-11-23 00:00:00.000', '${PLACEHOLDER}');`);
  });
});

describe('compile run --full-refresh', () => {
  it('duckdb: the stage table replaced, counted and the watermark moved in one transaction', async () => {
    const r = await backfill(['compile', 'run', '--full-refresh', '--select', 'card_shipped']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const sql = compiled('local', 'card_shipped');
    expect(sql).toContain('a full rebuild (--full-refresh)');
    expect(sql).toContain('CREATE OR REPLACE TABLE "stage"."card_shipped" AS\nselect');
    expect(sql).toContain('SELECT COUNT(*) AS row_count FROM "stage"."card_shipped";');
    expect(sql.match(/==== phase/g)).toHaveLength(1);
    expect(sql).not.toContain('__backfill_work_');
  });

  it('bigquery: built into the next table, counted, copied over the stage table, then the watermark in a transaction', async () => {
    const r = await backfill(['compile', 'run', '--full-refresh', '--target', 'bq', '--select', 'card_shipped']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const sql = compiled('bq', 'card_shipped');
    const order = [
      '==== phase 1: outside a transaction',
      'CREATE OR REPLACE TABLE `stage`.`__backfill_full_card_shipped`\nPARTITION BY DATE(`event_created_at`)\nCLUSTER BY `event_id`',
      'SELECT COUNT(*) AS row_count FROM `stage`.`__backfill_full_card_shipped`;',
      '==== phase 2: outside a transaction',
      'CREATE OR REPLACE TABLE `stage`.`card_shipped`\nPARTITION BY DATE(`event_created_at`)\nCLUSTER BY `event_id`\nAS\nSELECT * FROM `stage`.`__backfill_full_card_shipped`;',
      '==== phase 3: one transaction',
      'DELETE FROM `backfill`.model_watermarks',
    ];
    const at = order.map((s) => sql.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

describe('compile run: bad usage exits 2 with one line and writes nothing', () => {
  it.each([
    [['--days', '2026-11-23..2026-11-20'], /^error: --days: '2026-11-23\.\.2026-11-20' is not FROM\.\.TO .*e\.g\. --days 2026-11-20\.\.2026-11-23\n$/],
    [['--days', '2026-02-30..2026-03-01'], /^error: --days: '2026-02-30\.\.2026-03-01' is not FROM\.\.TO/],
    [['--days', 'yesterday'], /^error: --days: 'yesterday' is not FROM\.\.TO/],
    [[], /^error: compile run: give --days FROM\.\.TO or --full-refresh \(offline, the days a run would plan from the models' watermarks are unknown\)\n$/],
    [['--days', '2026-11-20..2026-11-22', '--full-refresh'], /^error: compile run: give --days FROM\.\.TO or --full-refresh, not both\n$/],
    [['--full-refresh', '--select', 'nope'], /^error: --select: no model named 'nope'; models: card_shipped, payment_completed\n$/],
  ])('%j', async (args, message) => {
    const r = await backfill(['compile', 'run', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  });
});
