/**
 * Issue 21, dbt's habits: `--version`; an unknown command, macro or argument key named with a did-you-mean and the
 * list; `run-operation <macro> --help` from the front matter; every bad argument reported in one line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backfillIn } from '../helpers/offline-project';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-i21-help-'));
  fs.writeFileSync(path.join(dir, 'backfill.yml'), ['name: help', 'target: local', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }', ''].join('\n'));
  fs.mkdirSync(path.join(dir, 'models'));
  fs.copyFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), path.join(dir, 'models', 'card_shipped.sql'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const backfill = (args: string[]): ReturnType<typeof backfillIn> => backfillIn(dir, args);

const COMMANDS = 'init, debug, migrate, run-operation, run, changes, compile, lint, ls, operations, revert, plan, import, report, check, resume, apply, generate, emulator';
const MACROS = 'add_duplicates_to_exclusions, remove_duplicates_by_business_id, remove_duplicates_by_event_id, update_event_data';

describe('version and unknown names', () => {
  it("--version prints package.json's version", async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await backfill(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['runn'], `error: unknown command 'runn'; did you mean 'run'?; commands: ${COMMANDS}\n`],
    [['--target', 'local', 'opertions'], `error: unknown command 'opertions'; did you mean 'operations'?; commands: ${COMMANDS}\n`],
    [['frobnicate'], `error: unknown command 'frobnicate'; commands: ${COMMANDS}\n`],
    [['run-operation', 'update_event_dta', '--args', '{}'], `error: unknown macro 'update_event_dta'; did you mean 'update_event_data'?; available: ${MACROS}\n`],
    [['run-operation', 'update_event_dta', '--help'], `error: unknown macro 'update_event_dta'; did you mean 'update_event_data'?; available: ${MACROS}\n`],
  ])('%j: exit 2, one line', async (args, stderr) => {
    expect(await backfill(args)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('run-operation <macro> --help', () => {
  it("prints each argument's name, type, required/default and description, the groups and the file", async () => {
    const r = await backfill(['run-operation', 'update_event_data', '--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe("backfill run-operation update_event_data --args '{…}'");
    expect(r.stdout).toContain('Correct fields of event_data.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}ARGUMENT\s+TYPE\s+REQUIRED\/DEFAULT\s+DESCRIPTION$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}set\s+set_map\s+required\s+JSON path → new value/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}description\s+string\s+default: "update_event_data: no description given"\s+why, for the record/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}stage_table_name\s+stage_table\s+one of stage_table_name\|event_name\s+stage model/));
    expect(lines).toContain('exactly one of: event_id, event_ids, where');
    expect(r.stdout).toMatch(/defined in .*macros\/update_event_data\.sql\n$/);
    const lookback = await backfill(['run-operation', 'remove_duplicates_by_event_id', '-h']);
    expect(lookback.stdout).toMatch(/ {2}lookback_days\s+integer\s+default: 14/);
  });

  it('--json: the front matter as one object', async () => {
    const r = await backfill(['run-operation', 'add_duplicates_to_exclusions', '--help', '--json']);
    const o = JSON.parse(r.stdout.trim()) as { macro: string; args: Record<string, { type: string }> };
    expect(o.macro).toBe('add_duplicates_to_exclusions');
    expect(Object.keys(o.args)).toEqual(['stage_table_name', 'event_id', 'event_ids', 'description']);
  });
});

describe('every bad argument at once', () => {
  it('missing, wrong, unknown keys (with did-you-mean) and unmet groups in one line, exit 2, then the list of arguments', async () => {
    const r = await backfill(['run-operation', 'update_event_data', '--args', '{stage_table: card_shipped, set: 3, event_idz: x}']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe(
      "error: --args.set: Invalid input: expected record, received number; --args: unknown key 'stage_table'; did you mean 'stage_table_name'?; " +
        "--args: unknown key 'event_idz'; did you mean 'event_id'?; --args.stage_table_name: one of stage_table_name or event_name is required; " +
        '--args.event_id: one of event_id or event_ids or where is required; arguments of update_event_data: stage_table_name, event_name, event_id, ' +
        'event_ids, event_created_at, where, set, description (backfill run-operation update_event_data --help)\n',
    );
  });

  it('compile run-operation says the same (no warehouse)', async () => {
    const r = await backfill(['compile', 'run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: a, event_ids: [b], descripton: x}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --args: unknown key 'descripton'; did you mean 'description'?; --args.event_id: give only one of event_id or event_ids; arguments of add_duplicates_to_exclusions: stage_table_name, event_id, event_ids, description (backfill run-operation add_duplicates_to_exclusions --help)\n",
    );
  });
});
