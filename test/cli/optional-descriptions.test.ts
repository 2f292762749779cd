/**
 * SPEC §6: a description is optional in every built-in macro (the default names the macro; the ledger records who
 * ran it), so the team's runbook commands run as written, e.g.
 * `run-operation add_duplicates_to_exclusions --args '{"stage_table_name": "…", "event_id": "…"}'`.
 */
import { AS_OF, cli, copyProject, EXC, EXCL, OPERATIONS, query, removeDir, seededProject } from '../helpers/cli';

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

it('add_duplicates_to_exclusions as the runbook writes it (JSON, no description): one exclusion with the default description', async () => {
  const r = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--as-of', AS_OF, '--args', '{"stage_table_name": "card_shipped", "event_id": "c1"}']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(await query(dir, `SELECT event_id, exclusion_description FROM ${EXCL}`)).toEqual([{ event_id: 'c1', exclusion_description: 'add_duplicates_to_exclusions: no description given' }]);
  const [op] = await query(dir, `SELECT macro, status, run_by FROM ${OPERATIONS} WHERE macro = 'add_duplicates_to_exclusions'`);
  expect(op).toMatchObject({ macro: 'add_duplicates_to_exclusions', status: 'succeeded' });
  expect(String(op!['run_by'])).toMatch(/\S+@\S+/);
});

it('update_event_data without a description: the exception carries the default description', async () => {
  const r = cli(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{"stage_table_name": "card_shipped", "event_ids": ["c1"], "set": {"$.Status": "Failed"}}']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(await query(dir, `SELECT event_id, exception_description FROM ${EXC}`)).toEqual([{ event_id: 'c1', exception_description: 'update_event_data: no description given' }]);
});

it('a description given is kept as given', async () => {
  expect(cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_id: c1, description: dup of c1}']).status).toBe(0);
  expect(await query(dir, `SELECT exclusion_description FROM ${EXCL}`)).toEqual([{ exclusion_description: 'dup of c1' }]);
});
