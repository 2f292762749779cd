/** `check` and `plan` through the real binary: exit codes, readable output, --json for CI, nothing written. */
import { AS_OF, cli, copyProject, jsonLines, query, removeDir, seededProject, snapshot } from '../helpers/cli';

let seeded: string;
let dir: string;
beforeAll(async () => {
  seeded = await seededProject();
  expect(cli(seeded, ['run', '--as-of', AS_OF]).status).toBe(0);
});
afterAll(() => removeDir(seeded));
beforeEach(() => {
  dir = copyProject(seeded);
});
afterEach(() => removeDir(dir));

it('check exits 0 when sound, 1 with a readable list when a check fails, --json for CI', async () => {
  const ok = cli(dir, ['check']);
  expect(ok.status).toBe(0);
  expect(ok.stdout).toMatch(/^check: 8 passed, 0 failed$/m);
  await query(dir, "INSERT INTO stage.card_shipped SELECT * FROM stage.card_shipped WHERE event_id = 'c1'");
  const bad = cli(dir, ['check', '--select', 'card_shipped']);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toMatch(/^FAIL {2}card_shipped: stage keys are unique\n {8}event_id=c1 copies=2$/m);
  const json = jsonLines(cli(dir, ['check', '--select', 'card_shipped', '--json']));
  expect(json.pop()).toMatchObject({ command: 'check', status: 'failed', failed: ['card_shipped: stage keys are unique'] });
});

it('plan run-operation reports what it would write and rebuild, and writes nothing', async () => {
  const before = await snapshot(dir);
  const r = cli(dir, ['plan', 'run-operation', 'update_event_data', '--json', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c3], set: {$.Status: Failed}, description: x}']);
  expect(r.status).toBe(0);
  const report = jsonLines(r).pop()!;
  expect(report).toMatchObject({ command: 'plan', status: 'planned', rows: { 's3.backend_events_exceptions': 1 }, impact: { events_by_name: { CardWasShipped: 1 }, top_users: [{ user_id: 'user-1', events: 1 }] } });
  expect((report['models'] as Array<{ model: string; days: string[] }>).find((m) => m.model === 'card_shipped')!.days).toContain('2026-11-01');
  expect(await snapshot(dir)).toEqual(before);
});
