/**
 * Issue 16 item 15 on BigQuery (the local REST test double): a full rebuild there replaces the table in one
 * CREATE OR REPLACE outside any transaction, so an event name matching nothing must be caught before it, by one query
 * filtered on event_name; an operation whose ids all match nothing is refused before the ledger or any write.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/bigquery';
import { BigQueryMock, type MockResult, type SubmittedQuery } from '../helpers/bigquery-mock';
import { makeProjectDir, REPO_ROOT } from '../helpers/project';

const mock = new BigQueryMock();
let endpoint = '';
beforeAll(async () => {
  endpoint = await mock.start();
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset());

const real = (): SubmittedQuery[] => mock.submitted.filter((s) => !s.dryRun);
const yml = (api: string): string =>
  `name: bq\ntarget: prod\ntargets:\n  prod: { type: bigquery, project: dw-test-project, location: EU, maximum_bytes_billed: 25000000000, api_endpoint: "${api}", retry_base_delay_ms: 1 }\n`;
const MIGRATIONS = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).map((f) => f.replace(/\.sql$/, ''));
const COLUMNS = ['event_id', 'event_created_at', 'user_id', 'card_id', 'status', 'carrier', 'country', 'shipped_at'];
const MISSPELLED = fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8').replace('event_name="CardWasShipped"', 'event_name="CardWasShiped"');

/** A migrated warehouse whose stage table holds 1,234 rows and whose events are of `names`, one holder of leases. */
function warehouse(names: readonly string[]): void {
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
    if (sql.startsWith('SELECT migration_id')) return { rows: MIGRATIONS.map((m) => ({ migration_id: m, checksum: 'x' })) };
    if (sql.includes('AS last_action')) return { rows: [{ last_action: null }], schema: [{ name: 'last_action', type: 'TIMESTAMP' }] };
    if (sql.includes('AS row_count')) return { rows: [{ row_count: 1234 }] };
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
  const dir = makeProjectDir({ yml: yml(endpoint), models: { card_shipped: MISSPELLED } });
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
  const dir = makeProjectDir({ yml: yml(endpoint) });
  try {
    const r = await runCli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--json', '--args', '{stage_table_name: card_shipped, event_ids: [x1, x2], description: d}']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ status: 'error', exit_code: 1, unmatched_ids: ['x1', 'x2'] });
    const sqls = real().map((j) => j.sql);
    expect(sqls.some((s) => s.startsWith('INSERT INTO `s3`.`backend_events_exclusions`'))).toBe(false);
    expect(sqls.some((s) => s.startsWith('INSERT INTO `backfill`.operations'))).toBe(false);
    // One query, filtered on the event name and the ids.
    expect(sqls.filter((s) => s.startsWith('SELECT event_id FROM'))).toEqual([expect.stringMatching(/WHERE event_name = @\w+ AND event_id IN UNNEST\(@\w+\)/)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
