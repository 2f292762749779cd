/**
 * Issue 16 item 15 on BigQuery (the local REST test double): a full rebuild there replaces the table in one
 * CREATE OR REPLACE outside any transaction, so an event name matching nothing must be caught before it, by one query
 * filtered on event_name; an operation whose ids all match nothing is refused before the ledger or any write.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/bigquery';
import { useBigQueryMock, type MockResult, type SubmittedQuery } from '../helpers/bigquery-mock';
import { makeProjectDir, migrationRecords, REPO_ROOT } from '../helpers/project';

const { mock, endpoint } = useBigQueryMock();

const real = (): SubmittedQuery[] => mock.submitted.filter((s) => !s.dryRun);
const yml = (api: string): string =>
  `name: bq\ntarget: prod\ntargets:\n  prod: { type: bigquery, project: dw-test-project, location: EU, maximum_bytes_billed: 25000000000, api_endpoint: "${api}", retry_base_delay_ms: 1 }\n`;
const COLUMNS = ['event_id', 'event_created_at', 'user_id', 'card_id', 'status', 'carrier', 'country', 'shipped_at'];
const MISSPELLED = fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8').replace('event_name="CardWasShipped"', 'event_name="CardWasShiped"');

/**
 * A migrated warehouse whose stage table holds 1,234 rows and whose events are of `names`, one holder of leases.
 * `nextRows`: the rows a rebuild builds into the next (full) or work (days) table; `watermark`: the model has one (a
 * run rebuilds days).
 */
function warehouse(names: readonly string[], opts: { nextRows?: number; watermark?: boolean } = {}): void {
  let holder = '';
  mock.respond((sql, req): MockResult | undefined => {
    if (sql.startsWith('INSERT INTO `backfill`.leases')) {
      holder = String(req.queryParameters.map((p) => (p.parameterValue as { value?: unknown }).value).find((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)));
    }
    if (sql.startsWith('SELECT') && sql.includes('FROM `backfill`.leases')) return { rows: [{ holder, holder_info: 'me', acquired_at: '2026-11-23T10:00:00Z' }] };
    if (sql.includes('INFORMATION_SCHEMA.COLUMNS')) {
      const table = (req.queryParameters[0]?.parameterValue as { value?: string }).value;
      return { rows: (table === 'schema_migrations' ? ['migration_id'] : COLUMNS).map((c) => ({ column_name: c })) };
    }
    if (sql.startsWith('SELECT migration_id')) return { rows: migrationRecords(yml(endpoint())) };
    if (sql.includes('AS last_action')) return { rows: [{ last_action: null }], schema: [{ name: 'last_action', type: 'TIMESTAMP' }] };
    if (sql.includes('AS row_count')) return { rows: [{ row_count: /__backfill_(full|work)_/.test(sql) ? (opts.nextRows ?? 0) : 1234 }] };
    if (opts.watermark && sql.includes('AS has_watermark')) {
      return {
        rows: [{ high_water: '2026-11-23T09:00:00.123456Z', has_watermark: 1, watermark: new Date('2026-11-22T00:00:00Z'), reverted: 0, written_since: 0 }],
        schema: [{ name: 'high_water', type: 'TIMESTAMP' }, { name: 'has_watermark', type: 'INT64' }, { name: 'watermark', type: 'TIMESTAMP' }, { name: 'reverted', type: 'INT64' }, { name: 'written_since', type: 'INT64' }],
      };
    }
    if (sql.includes('AS present')) {
      const asked = req.queryParameters.map((p) => (p.parameterValue as { value?: unknown }).value);
      return { rows: [{ present: names.some((n) => asked.includes(n)) ? 1 : 0 }] };
    }
    if (sql.startsWith('SELECT event_name FROM')) return { rows: names.map((n) => ({ event_name: n })) };
    return undefined;
  });
}

it('run --full-refresh of a misspelled event_name: refused before the CREATE OR REPLACE, by one query filtered on event_name', async () => {
  warehouse(['CardWasShipped', 'CardWasShown', 'PaymentCompleted']);
  const dir = makeProjectDir({ yml: yml(endpoint()), models: { card_shipped: MISSPELLED } });
  try {
    const r = await runCli(dir, ['run', '--full-refresh', '--as-of', '2026-11-23']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "card_shipped: event_name 'CardWasShiped' matches no events; the stage table (1,234 rows) is left as it was; nearest event names present: CardWasShipped, CardWasShown; pass --allow-empty to empty it",
    );
    const sqls = real().map((j) => j.sql);
    expect(sqls.some((s) => s.startsWith('CREATE OR REPLACE TABLE `stage`.`card_shipped`'))).toBe(false);
    const present = real().find((j) => j.sql.includes('AS present'))!;
    expect(present.sql).toMatch(/FROM `kinesis`\.`backend_events` WHERE event_name = @\w+/);
    expect(present.sql).toMatch(/FROM `s3`\.`backend_events_exceptions` WHERE event_name = @\w+/);
    expect(present.queryParameters.map((p) => (p.parameterValue as { value?: unknown }).value)).toContain('CardWasShiped');
    // With --allow-empty the rebuild goes ahead.
    mock.reset();
    warehouse(['CardWasShipped']);
    const allowed = await runCli(dir, ['run', '--full-refresh', '--allow-empty', '--as-of', '2026-11-23']);
    expect(allowed.status).toBe(0);
    expect(real().some((j) => j.sql.startsWith('CREATE OR REPLACE TABLE `stage`.`card_shipped`'))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('run-operation with ids that all match nothing: exit 1, --json lists them, no ledger row and no write', async () => {
  warehouse(['CardWasShipped']);
  const dir = makeProjectDir({ yml: yml(endpoint()) });
  try {
    const r = await runCli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--json', '--args', '{stage_table_name: card_shipped, event_ids: [x1, x2], description: d}']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ status: 'error', exit_code: 1, unmatched_ids: ['x1', 'x2'] });
    const sqls = real().map((j) => j.sql);
    expect(sqls.some((s) => /^INSERT INTO\s+`s3`.`backend_events_exclusions`/.test(s))).toBe(false);
    expect(sqls.some((s) => s.startsWith('INSERT INTO `backfill`.operations'))).toBe(false);
    // One query, filtered on the event name and the ids.
    expect(sqls.filter((s) => s.startsWith('SELECT event_id FROM'))).toEqual([expect.stringMatching(/WHERE event_name = @\w+ AND event_id IN UNNEST\(@\w+\)/)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const SELECTS_NOTHING = `${fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8').trimEnd()}\nwhere 1 = 0\n`;
const STAGE_REPLACED = 'CREATE OR REPLACE TABLE `stage`.`card_shipped`';
const NEXT_BUILT = 'CREATE OR REPLACE TABLE `stage`.`__backfill_full_card_shipped`';

it('run --full-refresh of a model selecting no rows (its event name has events): built into the next table, counted, refused; the stage table never replaced', async () => {
  warehouse(['CardWasShipped'], { nextRows: 0 });
  const dir = makeProjectDir({ yml: yml(endpoint()), models: { card_shipped: SELECTS_NOTHING } });
  try {
    const r = await runCli(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', '2026-11-23']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("card_shipped: the model selects no rows (event_name 'CardWasShipped'); the stage table (1,234 rows) is left as it was; pass --allow-empty to empty it");
    const sqls = real().map((j) => j.sql);
    const built = sqls.findIndex((s) => s.startsWith(NEXT_BUILT));
    const counted = sqls.findIndex((s) => s.includes('AS row_count FROM `stage`.`__backfill_full_card_shipped`'));
    expect(built).toBeGreaterThanOrEqual(0);
    expect(counted).toBeGreaterThan(built);
    expect(sqls.some((s) => s.startsWith(STAGE_REPLACED))).toBe(false);
    expect(sqls.slice(counted)).toContain('DROP TABLE IF EXISTS `stage`.`__backfill_full_card_shipped`');
    expect(sqls.some((s) => s.startsWith('INSERT INTO `backfill`.model_watermarks'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('run --full-refresh with rows over a non-empty stage table: next table built and counted, then copied over the stage table in one CREATE OR REPLACE, dropped, the watermark after', async () => {
  warehouse(['CardWasShipped'], { nextRows: 7 });
  const dir = makeProjectDir({ yml: yml(endpoint()) });
  try {
    const r = await runCli(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', '2026-11-23']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stage\.card_shipped: full rebuild \(--full-refresh\), 7 rows/);
    const sqls = real().map((j) => j.sql);
    const built = sqls.findIndex((s) => s.startsWith(NEXT_BUILT));
    const counted = sqls.findIndex((s) => s.includes('AS row_count FROM `stage`.`__backfill_full_card_shipped`'));
    const swap = sqls.findIndex((s) => s.startsWith(STAGE_REPLACED));
    expect(sqls.filter((s) => s.startsWith(STAGE_REPLACED))).toHaveLength(1);
    expect(sqls[swap]).toMatch(/PARTITION BY DATE\(`event_created_at`\)\s+CLUSTER BY `event_id`\s+AS\s+SELECT \* FROM `stage`\.`__backfill_full_card_shipped`$/);
    const dropped = sqls.indexOf('DROP TABLE IF EXISTS `stage`.`__backfill_full_card_shipped`');
    const mark = sqls.findIndex((s) => s.startsWith('INSERT INTO `backfill`.model_watermarks'));
    expect([built < counted, counted < swap, swap < dropped, dropped < mark]).toEqual([true, true, true, true]);
    // The swap is DDL: outside the transaction, which holds the watermark.
    expect(sqls.lastIndexOf('BEGIN TRANSACTION', mark)).toBeGreaterThan(swap);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('--allow-empty: straight CREATE OR REPLACE of the stage table (no copy)', async () => {
  warehouse(['CardWasShipped'], { nextRows: 0 });
  const dir = makeProjectDir({ yml: yml(endpoint()) });
  try {
    const r = await runCli(dir, ['run', '--full-refresh', '--allow-empty', '--select', 'card_shipped', '--as-of', '2026-11-23']);
    expect(r.status).toBe(0);
    const sqls = real().map((j) => j.sql);
    expect(sqls.some((s) => s.startsWith(NEXT_BUILT))).toBe(false);
    expect(sqls.find((s) => s.startsWith(STAGE_REPLACED))).not.toMatch(/SELECT \* FROM `stage`\.`__backfill_full_/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('a plain run (days) with a misspelled event_name: its work table counted empty, then refused by presence queries filtered on event_name (its days, then every day), before any DML', async () => {
  warehouse(['CardWasShipped', 'PaymentCompleted'], { watermark: true });
  const dir = makeProjectDir({ yml: yml(endpoint()), models: { card_shipped: MISSPELLED } });
  try {
    const r = await runCli(dir, ['run', '--select', 'card_shipped', '--as-of', '2026-11-23T12:00:00Z', '--json']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ model: 'card_shipped', mode: 'days', status: 'failed', error: expect.stringMatching(/event_name 'CardWasShiped' matches no events; the stage table \(1,234 rows\) is left as it was; nearest event names present: CardWasShipped/) }));
    expect(lines.pop()).toMatchObject({ command: 'run', status: 'failed', error: expect.stringMatching(/CardWasShiped/) });
    const jobs = real();
    const present = jobs.filter((j) => j.sql.includes('AS present'));
    // Its days first (their partitions only, the usual answer on BigQuery's bill), then every day.
    expect(present).toHaveLength(2);
    expect(present[0]!.sql).toMatch(/FROM `kinesis`\.`backend_events` WHERE event_name = @\w+ AND \(\(event_created_at >= TIMESTAMP '2026-11-20/);
    expect(present[1]!.sql).toMatch(/FROM `kinesis`\.`backend_events` WHERE event_name = @\w+\) THEN 1/);
    // Asked once the work table is counted empty, never before it is built; nothing reaches the stage table.
    expect(jobs.findIndex((j) => j.sql.includes('AS present'))).toBeGreaterThan(jobs.findIndex((j) => /AS row_count FROM `stage`\.`__backfill_work_/.test(j.sql)));
    expect(jobs.some((j) => /^DELETE FROM `stage`|^MERGE `stage`/.test(j.sql))).toBe(false);
    expect(jobs.some((j) => /^DROP TABLE IF EXISTS `stage`\.`__backfill_work_/.test(j.sql))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('a plain run (days) that builds rows asks no presence query: the rows built are its event name\'s (no second read of its days)', async () => {
  warehouse(['CardWasShipped'], { watermark: true, nextRows: 12 });
  const dir = makeProjectDir({ yml: yml(endpoint()) });
  try {
    const r = await runCli(dir, ['run', '--select', 'card_shipped', '--as-of', '2026-11-23T12:00:00Z', '--json']);
    expect(r.status).toBe(0);
    const jobs = real();
    expect(jobs.some((j) => j.sql.includes('AS present'))).toBe(false);
    expect(jobs.some((j) => /^MERGE `stage`\.`card_shipped`/.test(j.sql))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
