/** The ledger commands through the real binary: operations, operations show, revert, apply, compile of backfills. */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, copyProject, EXC, EXCL, expectUsageError, jsonLines, removeDir, seededProject, snapshot } from '../helpers/cli';

let seeded: string;
let dir: string;
beforeAll(async () => {
  seeded = await seededProject();
});
afterAll(() => removeDir(seeded));
beforeEach(() => {
  dir = copyProject(seeded);
});
afterEach(() => removeDir(dir));

const op = (args: string): string => {
  const r = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--json', '--as-of', AS_OF, '--args', args]);
  expect(r.status).toBe(0);
  return String(jsonLines(r).pop()!['operation_id']);
};

it('operations lists the ledger newest first (--json, filters) and show prints one entry with its SQL', () => {
  const id = op('{stage_table_name: card_shipped, event_id: c1, description: dup}');
  expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
  const list = jsonLines(cli(dir, ['operations', '--json']));
  expect(list.map((r) => [r['command'], r['status']])).toEqual([['run', 'succeeded'], ['run-operation', 'succeeded']]);
  expect(jsonLines(cli(dir, ['operations', '--json', '--macro', 'add_duplicates_to_exclusions'])).map((r) => r['operation_id'])).toEqual([id]);
  expect(jsonLines(cli(dir, ['operations', '--json', '--status', 'failed']))).toEqual([]);
  const show = cli(dir, ['operations', 'show', id]);
  expect(show.status).toBe(0);
  expect(show.stdout).toMatch(/^macro\s+add_duplicates_to_exclusions$/m);
  expect(show.stdout).toMatch(/^rows\s+\{"s3.backend_events_exceptions":0,"s3.backend_events_exclusions":1\}$/m);
  expect(show.stdout).toMatch(/INSERT INTO\s+"s3"\."backend_events_exclusions"/);
  expectUsageError(cli(dir, ['operations', '--status', 'bogus']), /status/);
  expectUsageError(cli(dir, ['operations', '--since', 'yesterday']), /--since: 'yesterday' is not a date/);
});

it('revert moves the rows to the archive, prints them, and refuses twice or unknown ids with exit 2', async () => {
  const id = op('{stage_table_name: card_shipped, event_ids: [c1, c2], description: dup}');
  const r = cli(dir, ['revert', id, '--json']);
  expect(r.status).toBe(0);
  const summary = jsonLines(r).pop()!;
  expect(summary).toMatchObject({ command: 'revert', reverted: id, status: 'succeeded', rows: { [EXCL]: -2, 'backfill.exclusions_archive': 2, [EXC]: 0 } });
  expect((await snapshot(dir))![EXCL]).toBe(0);
  const before = await snapshot(dir);
  expectUsageError(cli(dir, ['revert', id]), new RegExp(`operation ${id} was already reverted by ${String(summary['operation_id'])}`));
  expectUsageError(cli(dir, ['revert', 'no-such-op']), /not in the ledger/);
  expect(await snapshot(dir)).toEqual(before);
});

it('apply runs new backfill files once; an edited applied file is refused (exit 2, nothing written); compile shows their SQL', async () => {
  fs.mkdirSync(path.join(dir, 'backfills'));
  const file = path.join(dir, 'backfills', '2026_11_23_fix.yml');
  fs.writeFileSync(file, 'macro: update_event_data\nargs: {stage_table_name: card_shipped, event_ids: [c3], set: {$.Status: Failed}}\ndescription: lost (OPS-9)\nauthor: ana\n');
  const compiled = cli(dir, ['compile', '--as-of', AS_OF]);
  expect(compiled.status).toBe(0);
  const sql = fs.readFileSync(path.join(dir, 'target', 'compiled', 'local', 'backfills', '2026_11_23_fix.sql'), 'utf8');
  expect(sql).toMatch(/^-- backfill 2026_11_23_fix: update_event_data by ana\n-- lost \(OPS-9\)/);
  expect(sql).toContain(`json_merge_patch(COALESCE("event_data", CAST('{}' AS JSON)), CAST('{"Status":"Failed"}' AS JSON))`);

  const first = cli(dir, ['apply', '--json']);
  expect(first.status).toBe(0);
  expect(jsonLines(first).pop()).toMatchObject({ command: 'apply', applied: ['2026_11_23_fix'], rows: { [EXC]: 1 } });
  const second = cli(dir, ['apply']);
  expect(second.stdout).toContain('apply: 0 applied, 1 already applied');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Failed', 'Lost'));
  const before = await snapshot(dir);
  expectUsageError(cli(dir, ['apply']), /backfill 2026_11_23_fix was applied and its file has changed since/);
  expect(await snapshot(dir)).toEqual(before);
});
