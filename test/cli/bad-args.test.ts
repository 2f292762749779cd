/**
 * Bad `--args`, `--as-of` and `--vars` through the real binary (SPEC §4, §6): exit 2, one `error:` line naming the
 * problem, and no row written anywhere. Every case runs on its own copy of one seeded, migrated project where the
 * same command with good input *would* write rows (checked by the control tests at the end), so a leak is visible.
 */
import { AS_OF, cli, EXC, EXCL, expectUsageError, OPERATIONS, ORIGINAL, seededCopies, snapshot } from '../helpers/cli';

/** A break-out of a string literal: must never reach SQL. */
const INJECTED_ID = `x'; DROP TABLE ${EXCL}; --`;
const INJECTED_PATH = "$.a'||(select 1)||'";

const VALID = { stage_table_name: 'card_shipped', event_ids: ['c1'], set: { '$.Status': 'Failed' }, description: 'wrong status' };

/** update_event_data args: VALID with some keys replaced (undefined removes a key), as JSON (which YAML reads). */
function upd(changes: Record<string, unknown> = {}): string {
  const args: Record<string, unknown> = { ...VALID, ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete args[k];
  return JSON.stringify(args);
}

const op = (macro: string, args: string, ...more: string[]): string[] => ['run-operation', macro, '--args', args, '--as-of', AS_OF, ...more];
const update = (changes: Record<string, unknown> = {}): string[] => op('update_event_data', upd(changes));
const globalsWithValid = (...opts: string[]): string[] => ['run-operation', 'update_event_data', '--args', upd(), ...opts];

let dir: string;
seededCopies((d) => (dir = d));

/** Runs a command that must be refused, checks exit code, message, and that no table gained or lost a row. */
async function expectRefused(argv: string[], patterns: RegExp[]): Promise<void> {
  const before = await snapshot(dir);
  const r = cli(dir, argv);
  const after = await snapshot(dir);
  expectUsageError(r, ...patterns);
  expect(r.stdout).toBe('');
  expect(after).toEqual(before);
  for (const t of [ORIGINAL, EXC, EXCL, OPERATIONS]) expect(after).toHaveProperty([t]); // nothing dropped either
}

describe('run-operation refuses malformed --args', () => {
  it.each([
    ['not YAML', op('update_event_data', '{stage_table_name: card_shipped, event_ids: [c1'), [/--args/, /not valid YAML/]],
    ['a list instead of a mapping', op('update_event_data', '[stage_table_name, card_shipped]'), [/--args/, /mapping/]],
    ['a plain string', op('update_event_data', 'card_shipped'), [/--args/, /mapping/]],
  ])('%s', async (_name, argv, patterns) => {
    await expectRefused(argv, patterns);
  });
});

describe('run-operation refuses wrong arguments', () => {
  it.each([
    ['lookback_days: "x"', op('remove_duplicates_by_event_id', '{stage_table_name: card_shipped, lookback_days: "x"}'), [/--args\.lookback_days\b/, /number/]],
    ['lookback_days: -1', op('remove_duplicates_by_event_id', '{stage_table_name: card_shipped, lookback_days: -1}'), [/--args\.lookback_days\b/]],
    ['lookback_days: 1.5', op('remove_duplicates_by_event_id', '{stage_table_name: card_shipped, lookback_days: 1.5}'), [/--args\.lookback_days\b/, /whole number/]],
    ['event_ids: 5', update({ event_ids: 5 }), [/--args\.event_ids\b/, /array|list/]],
    ['event_ids: []', update({ event_ids: [] }), [/--args\.event_ids\b/, /at least one/]],
    ['an unknown key', update({ dry: true }), [/--args/, /unknown key 'dry'/]],
    ['a stage table that does not exist', update({ stage_table_name: 'nope' }), [/--args\.stage_table_name\b/, /no such stage model/]],
    ['a missing required argument', update({ set: undefined }), [/--args\.set\b/, /required|missing/i]],
    ['an empty description', update({ description: '' }), [/--args\.description\b/, /empty/]],
    ['both event_ids and where', update({ where: { '$.Status': 'Shipped' } }), [/event_ids/, /where/, /only one/]],
    ['neither event_ids nor where', update({ event_ids: undefined }), [/event_ids/, /where/, /required/]],
    ['both stage_table_name and event_name', update({ event_name: 'CardWasShipped' }), [/stage_table_name/, /event_name/, /only one/]],
    ['a set value that is an object', update({ set: { '$.Status': { a: 1 } } }), [/--args\.set\b/, /string|number|boolean|scalar/]],
    ['an empty set', update({ set: {} }), [/--args\.set\b/, /at least one/]],
  ])('%s', async (_name, argv, patterns) => {
    await expectRefused(argv, patterns);
  });

  it('an unknown macro, naming it and the available ones', async () => {
    await expectRefused(op('drop_everything', '{}'), [/unknown macro 'drop_everything'/, /update_event_data/]);
  });

  it('a misspelt option (--arg)', async () => {
    await expectRefused(['run-operation', 'update_event_data', '--arg', upd(), '--as-of', AS_OF], [/\barg\b/i]);
  });
});

describe('run-operation refuses values crafted to break out of SQL', () => {
  const ADD_EXCL = (args: Record<string, unknown>): string => JSON.stringify({ stage_table_name: 'card_shipped', description: 'dup', ...args });
  it.each([
    ['an event id in update_event_data.event_ids', update({ event_ids: ['c1', INJECTED_ID] }), [/--args\.event_ids\b/]],
    ['an event id in add_duplicates_to_exclusions.event_id', op('add_duplicates_to_exclusions', ADD_EXCL({ event_id: INJECTED_ID })), [/--args\.event_id\b/]],
    ['an event id in add_duplicates_to_exclusions.event_ids', op('add_duplicates_to_exclusions', ADD_EXCL({ event_ids: ['c1', INJECTED_ID] })), [/--args\.event_ids\b/]],
    ['a JSON path in set', update({ set: { [INJECTED_PATH]: 'x' } }), [/--args\.set\b/, /JSON path/]],
    ['a JSON path in where', update({ event_ids: undefined, where: { [INJECTED_PATH]: 'x' } }), [/--args\.where\b/, /JSON path/]],
    ['a column name in where', update({ event_ids: undefined, where: { "event_id = event_id OR 'a'": 'x' } }), [/--args\.where\b/, /column|JSON path/]],
    [
      'a JSON path as business_key',
      op('remove_duplicates_by_business_id', JSON.stringify({ stage_table_name: 'payment_completed', business_key: INJECTED_PATH })),
      [/--args\.business_key\b/, /JSON path/],
    ],
  ])('%s', async (_name, argv, patterns) => {
    await expectRefused(argv, patterns);
  });
});

describe('run-operation refuses bad global options', () => {
  it.each([
    ['--as-of yesterday', globalsWithValid('--as-of', 'yesterday'), [/--as-of/, /'yesterday'/, /not a date/]],
    ['--as-of 2026-13-45', globalsWithValid('--as-of', '2026-13-45'), [/--as-of/, /'2026-13-45'/, /not a date/]],
    ['--as-of 2026-02-30 (no such day)', globalsWithValid('--as-of', '2026-02-30'), [/--as-of/, /'2026-02-30'/]],
    ['--as-of 2026-11-23T25:00:00Z', globalsWithValid('--as-of', '2026-11-23T25:00:00Z'), [/--as-of/]],
    ['--vars as a list', globalsWithValid('--as-of', AS_OF, '--vars', '[1, 2]'), [/--vars/, /mapping/]],
    ['--vars as a string', globalsWithValid('--as-of', AS_OF, '--vars', 'current_date_offset'), [/--vars/, /mapping/]],
    ['--vars not YAML', globalsWithValid('--as-of', AS_OF, '--vars', '{current_date_offset: 7'), [/--vars/, /not valid YAML/]],
    ['--vars with a wrong type', globalsWithValid('--as-of', AS_OF, '--vars', '{current_date_offset: x}'), [/--vars\.current_date_offset\b/]],
  ])('%s', async (_name, argv, patterns) => {
    await expectRefused(argv, patterns);
  });
});

describe('control: the same commands with good input do write', () => {
  it.each([
    ['update_event_data', update(), { [EXC]: 1, [EXCL]: 0 }],
    ['remove_duplicates_by_event_id', op('remove_duplicates_by_event_id', '{stage_table_name: card_shipped}'), { [EXC]: 1, [EXCL]: 1 }],
    ['add_duplicates_to_exclusions', op('add_duplicates_to_exclusions', '{stage_table_name: card_shipped, event_id: c1, description: dup}'), { [EXC]: 0, [EXCL]: 1 }],
  ])('%s', async (_name, argv, rows) => {
    const before = await snapshot(dir);
    const r = cli(dir, argv);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = await snapshot(dir);
    for (const [table, n] of Object.entries(rows)) expect(after![table]! - before![table]!).toBe(n);
    expect(after![OPERATIONS]! - before![OPERATIONS]!).toBe(1);
  });
});
