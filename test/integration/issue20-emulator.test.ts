/**
 * Issue 20: the BigQuery emulator (ZetaSQL's reference evaluator behind BigQuery's REST API) executes what the
 * bigquery target sends. The real CLI and the real @google-cloud/bigquery client run migrate, built-in operations and
 * runs (full, by days, a full refresh) against it, and every stage table equals, row for row, what DuckDB gives for
 * the same events and the same commands.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import { sampleEvents, loadEvents, type EventRow } from '../../src/demo/sample-events';
import { BigqueryEmulator } from '../../src/emulator/bigquery/server';
import { openWarehouse } from '../../src/targets/registry';
import type { Row } from '../../src/targets/warehouse';
import { AttachedService } from '../../src/zetasql/service';
import { runCli } from '../helpers/bigquery';
import { contextFor, makeProjectDir } from '../helpers/project';

const AS_OF = '2026-11-23T12:00:00Z';
const EVENTS: EventRow[] = sampleEvents({ seed: 11, count: 160, days: 8, asOf: new Date(AS_OF), duplicateRate: 0.08, businessDuplicateRate: 0.05 });
const MODELS = ['card_shipped', 'payment_completed'];

let emulator: BigqueryEmulator;
let endpoint = '';
const dirs: string[] = [];

beforeAll(async () => {
  emulator = new BigqueryEmulator(new AttachedService(Number(process.env['BACKFILL_ZETASQL_PORT'])));
  endpoint = await emulator.start();
});
afterAll(async () => {
  await emulator.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const bigqueryYml = (api: string): string =>
  `name: emu\ntarget: prod\ntargets:\n  prod: { type: bigquery, project: dw-test-project, location: EU, api_endpoint: "${api}", max_retries: 0, retry_base_delay_ms: 1 }\nvars: { current_date_offset: 3, lock_wait_seconds: 5 }\n`;

/** One project per target, migrated by the CLI, the same events loaded. */
async function project(kind: 'duckdb' | 'bigquery'): Promise<string> {
  const dir = makeProjectDir(kind === 'bigquery' ? { yml: bigqueryYml(endpoint) } : {});
  dirs.push(dir);
  await cliOk(dir, ['migrate', '--create-original']);
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await openWarehouse(ctx.project, 'backfill test', { ifMissing: 'create' });
  try {
    await loadEvents(wh, ctx, EVENTS);
  } finally {
    await wh.close();
  }
  return dir;
}

async function cliOk(dir: string, args: string[]): Promise<string> {
  const res = await runCli(dir, [...args, '--as-of', AS_OF]);
  if (res.status !== 0) throw new Error(`backfill ${args.join(' ')} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/** Each stage table's rows, ordered by event_id, values as plain text (numbers, timestamps, JSON). */
async function stages(dir: string): Promise<Record<string, Row[]>> {
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await openWarehouse(ctx.project, 'backfill test', {});
  try {
    const out: Record<string, Row[]> = {};
    for (const m of MODELS) {
      const rows = (await wh.run({ sql: `SELECT * FROM stage.${m}`, params: {} })).rows.map(plain);
      out[m] = rows.sort((a, b) => (String(a['event_id']) < String(b['event_id']) ? -1 : 1));
    }
    return out;
  } finally {
    await wh.close();
  }
}

function plain(row: Row): Row {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) out[k] = v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    // DuckDB's driver gives an INT64 as text, the BigQuery client as a number: numbers compare as text.
    else if (typeof v === 'bigint' || typeof v === 'number') out[k] = String(v);
    else out[k] = v;
  }
  return out;
}

const sameOnBoth = async (duck: string, bq: string, args: string[]): Promise<[string, string]> => [await cliOk(duck, args), await cliOk(bq, args)];

it('migrate, run (full, then by days), run-operation and a full refresh give the same stage tables on the emulator as on DuckDB', async () => {
  const [duck, bq] = [await project('duckdb'), await project('bigquery')];

  await sameOnBoth(duck, bq, ['run']);
  const first = await stages(duck);
  expect(first['card_shipped']!.length).toBeGreaterThan(20);
  expect(await stages(bq)).toEqual(first);

  const corrections = [
    ['update_event_data', '{stage_table_name: card_shipped, where: {"$.Carrier": [DHL, UPS], "$.Status": Pending}, set: {"$.Status": Failed, "$.Review.By": ops}, description: lost}'],
    ['update_event_data', '{event_name: PaymentCompleted, where: {event_advisor_id: null, "$.Currency": GBP}, set: {"$.Currency": EUR, "$.Amount": 1.5}, description: fx}'],
    ['add_duplicates_to_exclusions', `{stage_table_name: card_shipped, event_ids: [${first['card_shipped']!.slice(0, 3).map((r) => JSON.stringify(r['event_id'])).join(', ')}]}`],
    ['remove_duplicates_by_event_id', '{stage_table_name: card_shipped, lookback_days: 30}'],
    ['remove_duplicates_by_business_id', '{stage_table_name: payment_completed, business_key: event_external_reference_id, lookback_days: 30}'],
  ];
  for (const [macro, args] of corrections) {
    const [d, b] = await sameOnBoth(duck, bq, ['run-operation', macro!, '--args', args!]);
    // The same rows written to the same side tables (the summary lines name the tables and their counts).
    expect(b.split('\n').filter((l) => l.includes('s3.'))).toEqual(d.split('\n').filter((l) => l.includes('s3.')));
  }

  const [, byDays] = await sameOnBoth(duck, bq, ['run']);
  expect(byDays).toMatch(/stage\.card_shipped: .*2026-11-2/);
  const corrected = await stages(duck);
  expect(corrected['card_shipped']!.filter((r) => r['status'] === 'Failed').length).toBeGreaterThan(0);
  expect(corrected).not.toEqual(first);
  expect(await stages(bq)).toEqual(corrected);

  await sameOnBoth(duck, bq, ['run', '--full-refresh']);
  expect(await stages(bq)).toEqual(corrected);
}, 240_000);

it('issue 18 on BigQuery: a missing original is refused by migrate, naming it, and nothing is created (no --create-original)', async () => {
  const dir = makeProjectDir({ yml: bigqueryYml(endpoint).replace('name: emu', 'name: emu\ntables: { original: raw.team_events, exceptions: fix.team_exceptions, exclusions: fix.team_exclusions, framework_schema: bf_missing }') });
  dirs.push(dir);
  const r = await runCli(dir, ['migrate']);
  expect({ status: r.status, stderr: r.stderr }).toEqual({
    status: 2,
    stderr: 'error: tables.original: raw.team_events does not exist; point tables.original in backfill.yml at the table your events land in, or pass --create-original to create an empty one\n',
  });
  const ctx = contextFor(dir, new Date(AS_OF));
  const wh = await openWarehouse(ctx.project, 'backfill test', {});
  try {
    for (const t of ['fix.team_exceptions', 'bf_missing.schema_migrations']) expect(await wh.columns(t)).toBeNull();
  } finally {
    await wh.close();
  }
});
