/**
 * Issue 18 item 3, the runbook works verbatim, through the real binary on DuckDB and PostgreSQL (tables created by
 * `backfill migrate`; the runbook's commands run without --as-of, so the events sit on days relative to today).
 * (a) `remove_duplicates_by_event_id` and `add_duplicates_to_exclusions` exactly as the runbook writes them.
 * (b) `update_event_data` by `event_id` (or `event_ids`) and optional `event_created_at`, which bounds the scan to
 *     that day (on BigQuery: constant bounds in the compiled SQL); `event_id` with `event_ids` is refused.
 * (c) The runbook's hand-written INSERT … SELECT into the side tables, then a plain `run`.
 */
import fs from 'node:fs';
import { parse } from 'sql-parser-cst';
import { EXC, EXCL, expectUsageError } from '../helpers/cli';
import { daysAgo, isoDate, MODEL, runbookProject, type RunbookProject } from '../helpers/runbook';

const REMOVE = ['run-operation', 'remove_duplicates_by_event_id', '--args', '{"stage_table_name": "card_was_shipped_event"}'];
const EXCLUDE = (id: string): string[] => ['run-operation', 'add_duplicates_to_exclusions', '--args', `{"stage_table_name": "card_was_shipped_event", "event_id": "${id}"}`];
const UPDATE = (args: Record<string, unknown>): string[] => ['run-operation', 'update_event_data', '--args', JSON.stringify({ stage_table_name: MODEL, ...args })];
const ok = (r: { status: number | null; stderr: string }): void => expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });

const D1 = isoDate(daysAgo(1));
const D2 = isoDate(daysAgo(2));
const D30 = isoDate(daysAgo(30));
const D20 = isoDate(daysAgo(20));
const OLD2 = ['old2', D20, 'Shipped', 'GLS'];
/** The stage table after the first `run`: e1's first copy (DHL), every event once. */
const BUILT = [
  ['e1', D1, 'Shipped', 'DHL'],
  ['e2', D1, 'Shipped', 'DHL'],
  ['e3', D2, 'Pending', 'UPS'],
  ['old1', D30, 'Pending', 'GLS'],
  OLD2,
  ['x1', D1, 'Shipped', 'DHL'],
];

describe.each(['duckdb', 'postgres'] as const)('%s', (kind) => {
  let p: RunbookProject;
  beforeEach(async () => {
    p = await runbookProject(kind);
    ok(p.cli(['run']));
    expect(await p.stage()).toEqual(BUILT);
  });
  afterEach(() => p.close());
  const rows = async (sql: string): Promise<string[][]> => (await p.q(sql)).map((r) => Object.values(r).map(String));

  it('(a) the two runbook commands as written: exit 0, the side-table rows, then the stage table after run', async () => {
    ok(p.cli(REMOVE));
    // The default lookback (14 days): old2, delivered twice 20 days ago, is left alone.
    expect(await rows(`SELECT event_id, exclusion_description, operation_id IS NOT NULL AS op FROM ${EXCL}`)).toEqual([['e1', 'remove_duplicates_by_event_id: duplicated deliveries', 'true']]);
    // The copy kept is frozen as an exception: the first delivered (DHL).
    expect(await rows(`SELECT event_id, exception_description, is_event_update FROM ${EXC}`)).toEqual([['e1', 'remove_duplicates_by_event_id: duplicated deliveries', 'true']]);
    expect((await p.q(`SELECT event_data FROM ${EXC}`)).map((r) => JSON.stringify(r['event_data']))).toEqual([expect.stringContaining('DHL')]);
    ok(p.cli(EXCLUDE('x1')));
    expect(await rows(`SELECT event_id, exclusion_description FROM ${EXCL} ORDER BY event_id`)).toEqual([
      ['e1', 'remove_duplicates_by_event_id: duplicated deliveries'],
      ['x1', 'add_duplicates_to_exclusions: no description given'],
    ]);
    ok(p.cli(['run']));
    expect(await p.stage()).toEqual(BUILT.filter((r) => r[0] !== 'x1'));
    // Run again, as written: nothing more is duplicated.
    ok(p.cli(REMOVE));
    expect(await rows(`SELECT COUNT(*) AS n FROM ${EXCL}`)).toEqual([['2']]);
  });

  it('(b) update_event_data by event_id with event_created_at (a date), and by event_ids with a timestamp', async () => {
    ok(p.cli(UPDATE({ event_id: 'e2', event_created_at: D1, set: { '$.Status': 'Failed' } })));
    ok(p.cli(UPDATE({ event_ids: ['e3'], event_created_at: `${D2}T09:00:00Z`, set: { '$.Status': 'Delivered' } })));
    ok(p.cli(UPDATE({ event_id: 'old1', set: { '$.Carrier': 'DPD' } })));
    expect(await rows(`SELECT event_id, exception_description FROM ${EXC} ORDER BY event_id`)).toEqual([
      ['e2', 'update_event_data: no description given'],
      ['e3', 'update_event_data: no description given'],
      ['old1', 'update_event_data: no description given'],
    ]);
    ok(p.cli(['run']));
    expect(await p.stage()).toEqual([
      ['e1', D1, 'Shipped', 'DHL'],
      ['e2', D1, 'Failed', 'DHL'],
      ['e3', D2, 'Delivered', 'UPS'],
      ['old1', D30, 'Pending', 'DPD'],
      OLD2,
      ['x1', D1, 'Shipped', 'DHL'],
    ]);
  });

  it('(b) event_created_at on another day than the event: that id matches nothing there, exit 1, nothing written', async () => {
    const r = p.cli(UPDATE({ event_id: 'e2', event_created_at: D2, set: { '$.Status': 'Failed' } }));
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain(`update_event_data: event id 'e2' matches no event named 'CardWasShipped' created on ${D2}; nothing was written`);
    expect(await rows(`SELECT COUNT(*) AS n FROM ${EXC}`)).toEqual([['0']]);
    // Of a list, the ids on that day are written and the others named.
    const some = p.cli(UPDATE({ event_ids: ['e2', 'e3'], event_created_at: D2, set: { '$.Status': 'Failed' } }));
    expect(some.status).toBe(0);
    expect(some.stderr).toContain("event id 'e2' matches no event named 'CardWasShipped'");
    expect(await rows(`SELECT event_id FROM ${EXC}`)).toEqual([['e3']]);
  });

  it('(b) event_id with event_ids, or an event_created_at that is no date: exit 2, one line, nothing written', async () => {
    expectUsageError(p.cli(UPDATE({ event_id: 'e2', event_ids: ['e3'], set: { '$.Status': 'Failed' } })), /--args\.event_id/, /give only one of event_id or event_ids or where/);
    expectUsageError(p.cli(UPDATE({ event_id: 'e2', event_created_at: 'yesterday', set: { '$.Status': 'Failed' } })), /--args\.event_created_at/, /ISO date or timestamp/);
    expect(await rows(`SELECT COUNT(*) AS n FROM ${EXC}`)).toEqual([['0']]);
  });

  it("(c) the runbook's hand-written INSERT … SELECT into both side tables, then a plain run picks them up", async () => {
    const setFailed = kind === 'postgres' ? `jsonb_set(event_data, '{Status}', '"Failed"')` : `json_merge_patch(event_data, '{"Status": "Failed"}')`;
    await p.q(`INSERT INTO ${EXC} (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update)
      SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, ${setFailed}, event_ingested_at, CURRENT_TIMESTAMP, 'hand-written fix', TRUE
      FROM kinesis.backend_events WHERE event_id = 'old1'`);
    await p.q(`INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description)
      SELECT event_id, event_created_at, event_name, CURRENT_TIMESTAMP, 'hand-written exclusion' FROM kinesis.backend_events WHERE event_id = 'e3'`);
    ok(p.cli(['run']));
    expect(await p.stage()).toEqual([
      ['e1', D1, 'Shipped', 'DHL'],
      ['e2', D1, 'Shipped', 'DHL'],
      ['old1', D30, 'Failed', 'GLS'],
      OLD2,
      ['x1', D1, 'Shipped', 'DHL'],
    ]);
  });
});

describe('(b) on BigQuery: the compiled update_event_data reads only the day of event_created_at', () => {
  let p: RunbookProject;
  beforeAll(async () => {
    p = await runbookProject('duckdb');
  });
  afterAll(() => p.close());

  it('constant bounds of that day on the original and the exceptions; the SQL parses as BigQuery', () => {
    const yml = fs.readFileSync(`${p.dir}/backfill.yml`, 'utf8').replace('targets:\n', 'targets:\n  bq: { type: bigquery, project: dw-test-project }\n');
    fs.writeFileSync(`${p.dir}/backfill.yml`, yml);
    const r = p.cli(['compile', 'run-operation', 'update_event_data', '--target', 'bq', '--args', JSON.stringify({ stage_table_name: MODEL, event_id: 'e2', event_created_at: '2026-11-22T11:00:00Z', set: { '$.Status': 'Failed' } })]);
    ok(r);
    const sql = r.stdout;
    expect(() => parse(sql.replace(/;\s*$/, ''), { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    const bounds = "event_created_at >= TIMESTAMP '2026-11-22 00:00:00.000+00' AND event_created_at < TIMESTAMP '2026-11-23 00:00:00.000+00'";
    // The compiled SQL is formatted (issue 21): compared with its whitespace folded.
    const flat = sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    for (const table of ['`kinesis`.`backend_events`', '`s3`.`backend_events_exceptions`']) {
      expect(flat).toMatch(new RegExp(`FROM ${esc(table)} WHERE event_name = @p_\\w+ AND \\(\\(${esc(bounds)}\\)\\)`));
    }
    expect(flat).toMatch(/FROM current_events WHERE event_id = @p_\w+\s/);
    // Without event_created_at, no day is read in particular.
    const all = p.cli(['compile', 'run-operation', 'update_event_data', '--target', 'bq', '--args', JSON.stringify({ stage_table_name: MODEL, event_id: 'e2', set: { '$.Status': 'Failed' } })]);
    ok(all);
    expect(all.stdout).not.toContain("TIMESTAMP '2026-11-22");
  });
});

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&');
