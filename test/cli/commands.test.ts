/**
 * SPEC §6 through the real binary: migrate, run-operation (human and --json output) and run (--full-refresh,
 * --select). Each test works on its own copy of one seeded project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEvents } from '../../src/demo/sample-events';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import {
  AS_OF, cli, EXC, EXCL, expectUsageError, jsonLines, OPERATIONS, query, removeDir, seededCopies, snapshot, warehouseFile,
} from '../helpers/cli';
import { contextFor, event, makeProjectDir, REPO_ROOT } from '../helpers/project';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MIGRATIONS = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
const UPDATE_C1 = '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: wrong status}';

let dir: string;
seededCopies((d) => (dir = d));

const count = async (table: string): Promise<number> => Number((await query(dir, `SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
const stageIds = async (model: string): Promise<string[]> =>
  (await query(dir, `SELECT event_id FROM stage.${model} ORDER BY event_id`)).map((r) => String(r['event_id']));

async function loadMore(rows: Parameters<typeof event>[0][]): Promise<void> {
  const wh = await DuckdbDriver.open(warehouseFile(dir));
  try {
    await loadEvents(wh, contextFor(dir, new Date(AS_OF)), rows.map(event));
  } finally {
    await wh.close();
  }
}

describe('backfill migrate', () => {
  let fresh: string;
  beforeEach(() => {
    fresh = makeProjectDir();
  });
  afterEach(() => removeDir(fresh));

  it('applies every migration, creates the side, original and framework tables, and is idempotent', async () => {
    const first = cli(fresh, ['migrate']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    for (const id of MIGRATIONS) expect(first.stdout).toMatch(new RegExp(`^${id}\\s+applied$`, 'm'));
    expect(first.stdout).toMatch(new RegExp(`migrate: ${MIGRATIONS.length} applied, 0 up to date`));
    const tables = await snapshot(fresh);
    expect(tables).toEqual(expect.objectContaining({ 'kinesis.backend_events': 0, [EXC]: 0, [EXCL]: 0, [OPERATIONS]: 0 }));

    const second = cli(fresh, ['migrate']);
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    for (const id of MIGRATIONS) expect(second.stdout).toMatch(new RegExp(`^${id}\\s+up to date$`, 'm'));
    expect(second.stdout).toMatch(new RegExp(`migrate: 0 applied, ${MIGRATIONS.length} up to date`));
    expect(await snapshot(fresh)).toEqual(tables);
  });
});

describe('backfill run-operation', () => {
  it('writes the correction, prints the rows per table and records the operation', async () => {
    const r = cli(dir, ['run-operation', 'update_event_data', '--args', UPDATE_C1, '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const id = /operation ([0-9a-f-]{36})/.exec(r.stdout)?.[1];
    expect(id).toMatch(UUID);
    expect(r.stdout).toMatch(/^run-operation update_event_data: succeeded/m);
    expect(r.stdout).toMatch(/^\s+s3\.backend_events_exceptions\s+\+1$/m);
    expect(r.stdout).toMatch(/^\s+s3\.backend_events_exclusions\s+\+0$/m);

    const rows = await query(dir, `SELECT event_id, json_extract_string(event_data, '$.Status') AS status, json_extract_string(event_data, '$.Carrier') AS carrier, is_event_update, operation_id FROM ${EXC}`);
    expect(rows).toEqual([{ event_id: 'c1', status: 'Failed', carrier: 'DHL', is_event_update: true, operation_id: id }]);
    expect(await query(dir, `SELECT operation_id, macro, status FROM ${OPERATIONS}`)).toEqual([{ operation_id: id, macro: 'update_event_data', status: 'succeeded' }]);
  });

  it('--json: every stdout line is JSON and the last one is the summary with operation_id, status and rows', async () => {
    const r = cli(dir, ['run-operation', 'remove_duplicates_by_event_id', '--args', '{stage_table_name: card_shipped}', '--as-of', AS_OF, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = jsonLines(r).at(-1)!;
    expect(summary).toEqual(expect.objectContaining({ status: 'succeeded', rows: { [EXC]: 1, [EXCL]: 1 } }));
    expect(summary['operation_id']).toMatch(UUID);
    const id = summary['operation_id'];
    expect(await query(dir, `SELECT event_id, operation_id FROM ${EXC}`)).toEqual([{ event_id: 'c2', operation_id: id }]);
    expect(await query(dir, `SELECT event_id, operation_id FROM ${EXCL}`)).toEqual([{ event_id: 'c2', operation_id: id }]);
    expect(await query(dir, `SELECT status FROM ${OPERATIONS} WHERE operation_id = '${String(id)}'`)).toEqual([{ status: 'succeeded' }]);
  });

  it('accepts a description with quotes, backslashes, HTML characters and SQL, and stores it verbatim', async () => {
    const description = `He said "it's fine" <b>&amp;</b> C:\\temp\\n '; DROP TABLE ${EXCL}; -- {{x}}`;
    const status = `O'Brien "quoted" \\ <ok>`;
    const args = JSON.stringify({ stage_table_name: 'card_shipped', event_ids: ['c1'], set: { '$.Status': status }, description });
    const r = cli(dir, ['run-operation', 'update_event_data', '--args', args, '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await query(dir, `SELECT exception_description AS d, json_extract_string(event_data, '$.Status') AS s FROM ${EXC}`)).toEqual([
      { d: description, s: status },
    ]);
    expect(await count(EXCL)).toBe(0); // the table still exists
  });

  it('re-running the same correction writes nothing more', async () => {
    expect(cli(dir, ['run-operation', 'update_event_data', '--args', UPDATE_C1, '--as-of', AS_OF]).status).toBe(0);
    const again = cli(dir, ['run-operation', 'update_event_data', '--args', UPDATE_C1, '--as-of', AS_OF, '--json']);
    expect(again.status).toBe(0);
    expect(jsonLines(again).at(-1)).toEqual(expect.objectContaining({ status: 'succeeded', rows: { [EXC]: 0, [EXCL]: 0 } }));
    expect(await count(EXC)).toBe(1);
  });
});

describe('backfill run', () => {
  it('builds every stage table on the first run, then applies a correction to an old day without --full-refresh', async () => {
    const first = cli(dir, ['run', '--as-of', AS_OF]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^stage\.card_shipped: .*3 rows$/m);
    expect(first.stdout).toMatch(/^stage\.payment_completed: .*2 rows$/m);
    expect(first.stdout).toMatch(/^run: succeeded, operation [0-9a-f-]{36}$/m);
    expect(await stageIds('card_shipped')).toEqual(['c1', 'c2', 'c3']);
    expect(await stageIds('payment_completed')).toEqual(['p1', 'p2']);

    const fix = '{stage_table_name: card_shipped, event_ids: [c3], set: {$.Status: Shipped}, description: late scan}';
    expect(cli(dir, ['run-operation', 'update_event_data', '--args', fix, '--as-of', AS_OF]).status).toBe(0);
    const second = cli(dir, ['run', '--as-of', AS_OF]);
    expect(second.status).toBe(0);
    expect(await query(dir, "SELECT status FROM stage.card_shipped WHERE event_id = 'c3'")).toEqual([{ status: 'Shipped' }]);
    expect(await count('stage.card_shipped')).toBe(3);
  });

  it('--json: the last line is the run summary with operation_id, status and rows', () => {
    const r = cli(dir, ['run', '--as-of', AS_OF, '--json']);
    expect(r.status).toBe(0);
    const summary = jsonLines(r).at(-1)!;
    expect(summary).toEqual(expect.objectContaining({ status: 'succeeded', rows: expect.any(Object) }));
    expect(summary['operation_id']).toMatch(UUID);
  });

  it('--select rebuilds only the named model; --full-refresh rebuilds everything', async () => {
    expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    await loadMore([
      { event_id: 'c4', event_created_at: '2026-11-23T09:00:00Z' },
      { event_id: 'p3', event_created_at: '2026-11-23T09:00:00Z', event_name: 'PaymentCompleted', event_data: { Amount: 1, Currency: 'EUR' } },
    ]);

    const selected = cli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(selected.stderr).toBe('');
    expect(selected.status).toBe(0);
    expect(selected.stdout).not.toMatch(/payment_completed/);
    expect(await stageIds('card_shipped')).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(await stageIds('payment_completed')).toEqual(['p1', 'p2']);

    const full = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(full.status).toBe(0);
    expect(full.stdout).toMatch(/^stage\.card_shipped: full rebuild .*4 rows$/m);
    expect(full.stdout).toMatch(/^stage\.payment_completed: full rebuild .*3 rows$/m);
    expect(await count('stage.card_shipped')).toBe(4);
    expect(await stageIds('payment_completed')).toEqual(['p1', 'p2', 'p3']);
  });

  it('--select with an unknown model exits 2 naming it and writes nothing', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, ['run', '--select', 'card_shipped', 'nope', '--as-of', AS_OF]);
    expectUsageError(r, /--select/, /'nope'/);
    expect(r.stdout).toBe('');
    expect(await snapshot(dir)).toEqual(before);
  });
});
