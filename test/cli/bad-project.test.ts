/**
 * A bad backfill.yml, an unknown --target, and a warehouse that was never migrated, through the real binary: exit 2,
 * one `error:` line naming the problem, and no row written (nor a warehouse file created where there was none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, EXC, EXCL, expectUsageError, OPERATIONS, ORIGINAL, removeDir, seededCopies, snapshot, warehouseFile } from '../helpers/cli';
import { makeProjectDir } from '../helpers/project';

const LOCAL = '  local: { type: duckdb, path: warehouse.duckdb }';
const yml = (...lines: string[]): string => [...lines, ''].join('\n');
const GOOD = yml('name: test_project', 'target: local', 'targets:', LOCAL);
const UPDATE_C1 = ['run-operation', 'update_event_data', '--args', '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: fix}', '--as-of', AS_OF];
const SECRET = /secrets must not be written/;
const ENV = /environment variable/;

let dir: string;
seededCopies((d) => (dir = d));

function writeYml(text: string): void {
  fs.writeFileSync(path.join(dir, 'backfill.yml'), text);
}

/** Runs a command that must be refused and checks that no table gained or lost a row. */
async function expectRefused(argv: string[], patterns: RegExp[]): Promise<void> {
  const before = await snapshot(dir);
  const r = cli(dir, argv);
  const after = await snapshot(dir);
  expectUsageError(r, ...patterns);
  expect(after).toEqual(before);
  for (const t of [ORIGINAL, EXC, EXCL, OPERATIONS]) expect(after).toHaveProperty([t]);
}

describe('a bad backfill.yml is refused before anything runs', () => {
  it.each([
    ['an unknown top-level key', yml('name: test_project', 'colour: blue', 'targets:', LOCAL), [/backfill\.yml/, /unknown key 'colour'/]],
    ['no targets', yml('name: test_project', 'target: local'), [/backfill\.yml/, /targets/, /required|missing/i]],
    ['an empty targets mapping', yml('name: test_project', 'targets: {}'), [/backfill\.yml\.targets\b/, /at least one target/]],
    ['a default target that is not defined', yml('name: test_project', 'target: prod', 'targets:', LOCAL), [/backfill\.yml\.target\b/, /local/]],
    ['a table name with a space', yml('name: test_project', 'targets:', LOCAL, 'tables: { original: "bad name" }'), [/backfill\.yml\.tables\.original\b/, /schema\.table/]],
    ['a table name of one part', yml('name: test_project', 'targets:', LOCAL, 'tables: { exceptions: justonepart }'), [/backfill\.yml\.tables\.exceptions\b/, /schema\.table/]],
    ['a table name of four parts', yml('name: test_project', 'targets:', LOCAL, 'tables: { exclusions: a.b.c.d }'), [/backfill\.yml\.tables\.exclusions\b/, /schema\.table/]],
    ['a table name with a hyphen', yml('name: test_project', 'targets:', LOCAL, 'tables: { original: kinesis.backend-events }'), [/backfill\.yml\.tables\.original\b/]],
    ['a table name with a quote', yml('name: test_project', 'targets:', LOCAL, `tables: { original: "kinesis.x';drop" }`), [/backfill\.yml\.tables\.original\b/]],
    ['a stage schema with a space', yml('name: test_project', 'targets:', LOCAL, 'tables: { stage_schema: "st age" }'), [/backfill\.yml\.tables\.stage_schema\b/, /identifier/]],
    ['an unknown target type', yml('name: test_project', 'targets:', '  local: { type: sqlite, path: warehouse.duckdb }'), [/backfill\.yml\.targets\.local\.type\b/, /duckdb/]],
    ['a password in a duckdb target', yml('name: test_project', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb, password: x }'), [/targets\.local\.password\b/, SECRET, ENV]],
    ['a password in another target', yml('name: test_project', 'targets:', LOCAL, '  pg: { type: postgres, host: db, password: hunter2 }'), [/targets\.pg\.password\b/, SECRET, ENV]],
    ['a connection url in a target', yml('name: test_project', 'targets:', LOCAL, '  pg: { type: postgres, url: "postgres://u:p@h/db" }'), [/targets\.pg\.url\b/, SECRET, ENV]],
    ['not YAML', yml('name: test_project', 'targets: [', LOCAL), [/backfill\.yml/, /not valid YAML/]],
    ['a list', yml('- name', '- targets'), [/backfill\.yml/]],
    ['vars with a wrong type', yml('name: test_project', 'targets:', LOCAL, 'vars: { current_date_offset: soon }'), [/backfill\.yml\.vars\.current_date_offset\b/]],
  ])('%s', async (_name, text, patterns) => {
    writeYml(text);
    await expectRefused(UPDATE_C1, patterns);
  });

  it('does not echo the secret', () => {
    writeYml(yml('name: test_project', 'targets:', LOCAL, '  pg: { type: postgres, host: db, password: hunter2 }'));
    const r = cli(dir, ['migrate']);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });

  it('a missing backfill.yml', async () => {
    fs.rmSync(path.join(dir, 'backfill.yml'));
    await expectRefused(UPDATE_C1, [/backfill\.yml/, /not found/, /--project-dir/]);
  });

  it.each([
    ['migrate', ['migrate']],
    ['run', ['run', '--as-of', AS_OF]],
    ['run-operation', UPDATE_C1],
    ['compile', ['compile']],
    ['compile run-operation', ['compile', ...UPDATE_C1]],
  ])('%s refuses it too, writing neither rows nor compiled files', async (_name, argv) => {
    writeYml(yml('name: test_project', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb, password: x }'));
    await expectRefused(argv, [/targets\.local\.password\b/, SECRET, ENV]);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  });
});

describe('--target', () => {
  it.each([
    ['run-operation', UPDATE_C1],
    ['migrate', ['migrate']],
    ['compile', ['compile']],
  ])('%s --target nope exits 2 naming it and the defined targets', async (_name, argv) => {
    writeYml(GOOD);
    await expectRefused([...argv, '--target', 'nope'], [/--target/, /'nope'/, /local/]);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  });
});

describe('a warehouse that was never migrated', () => {
  let fresh: string;
  beforeEach(() => {
    fresh = makeProjectDir();
  });
  afterEach(() => removeDir(fresh));

  it.each([
    ['run-operation', UPDATE_C1],
    ['run', ['run', '--as-of', AS_OF]],
  ])('%s exits 2 and tells the user to run backfill migrate, creating no table', async (_name, argv) => {
    const r = cli(fresh, argv);
    expectUsageError(r, /backfill migrate/);
    expect(r.stdout).toBe('');
    const after = await snapshot(fresh);
    expect(after === null ? {} : after).toEqual({});
  });

  it('bad --args are refused before the warehouse file is even created', () => {
    const r = cli(fresh, ['run-operation', 'update_event_data', '--args', '{stage_table_name: nope}']);
    expectUsageError(r, /--args/);
    expect(fs.existsSync(warehouseFile(fresh))).toBe(false);
  });
});

describe('a bad model config', () => {
  it.each([
    ['an unknown corrections mode', '{{config event_name="CardWasShipped" corrections="sometimes"}}', [/card_shipped\.sql/, /corrections/, /events/, /days/]],
    ['corrections="events" with another unique key', '{{config event_name="CardWasShipped" unique_key="user_id" corrections="events"}}', [/card_shipped\.sql/, /corrections="events" needs unique_key "event_id"/]],
  ])('%s: run exits 2 naming the model and the setting, writing no row', async (_what, config, patterns) => {
    fs.writeFileSync(path.join(dir, 'models', 'card_shipped.sql'), `${config}\nselect event_id, event_created_at, user_id from {{events}}`);
    await expectRefused(['run', '--as-of', AS_OF], patterns);
  });
});
