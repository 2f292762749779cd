/**
 * Issue 16 item 15, zero matches pass silently, through the real binary.
 * (a) A full refresh that would replace a non-empty stage table with an empty one (a misspelled event_name, a model
 *     selecting nothing) is refused, exit 1, naming the model, the event name and the nearest names present, the
 *     stage table left as it was; `--allow-empty` lets it through. A targeted run with nothing in its window is normal.
 * (b) An operation naming ids that match nothing says which; none matched → exit 1, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, EXC, EXCL, jsonLines, OPERATIONS, query, SEED_EVENTS, seededCopies, snapshot, stderrLines } from '../helpers/cli';
import { REPO_ROOT, TestWarehouse } from '../helpers/project';

const CARD_MODEL = fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8');
const MISSPELLED = CARD_MODEL.replace('event_name="CardWasShipped"', 'event_name="CardWasShiped"');
const SELECTS_NOTHING = `${CARD_MODEL.trimEnd()}\nwhere 1 = 0\n`;
const REFUSED = /card_shipped: event_name 'CardWasShiped' matches no events; the stage table \(3 rows\) is left as it was; nearest event names present: CardWasShipped; pass --allow-empty to empty it/;

let dir: string;
seededCopies((d) => (dir = d));

const count = async (table: string): Promise<number> => Number((await query(dir, `SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
const writeModel = (text: string): void => fs.writeFileSync(path.join(dir, 'models', 'card_shipped.sql'), text);
const built = (): void => {
  expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
};

describe('(a) a full refresh that would empty a non-empty stage table', () => {
  beforeEach(built);

  it('a misspelled event_name: exit 1 naming the model, the name and the nearest names; the stage table is unchanged', async () => {
    writeModel(MISSPELLED);
    const before = await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id');
    expect(before).toHaveLength(3);
    const r = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(REFUSED);
    expect(await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id')).toEqual(before);
    // The other model is rebuilt all the same; the run is recorded as failed, naming the refusal.
    expect(r.stdout).toMatch(/stage\.payment_completed: full rebuild \(--full-refresh\), 2 rows/);
    const [op] = await query(dir, `SELECT status, error FROM ${OPERATIONS} WHERE command = 'run' ORDER BY started_at DESC LIMIT 1`);
    expect(op).toMatchObject({ status: 'failed', error: expect.stringMatching(/event_name 'CardWasShiped' matches no events/) });
  });

  it('an event name close to none present: the message lists some names present instead', async () => {
    writeModel(CARD_MODEL.replace('event_name="CardWasShipped"', 'event_name="Q"'));
    const r = cli(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("card_shipped: event_name 'Q' matches no events; the stage table (3 rows) is left as it was; no event name present is close; some present: CardWasShipped, PaymentCompleted, UserSignedUp; pass --allow-empty to empty it");
    expect(await count('stage.card_shipped')).toBe(3);
  });

  it('with --allow-empty the stage table is emptied, exit 0', async () => {
    writeModel(MISSPELLED);
    const r = cli(dir, ['run', '--full-refresh', '--allow-empty', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stage\.card_shipped: full rebuild \(--full-refresh\), 0 rows/);
    expect(await count('stage.card_shipped')).toBe(0);
  });

  it('--json: the failed model carries the message and the run says failed', async () => {
    writeModel(MISSPELLED);
    const r = cli(dir, ['run', '--full-refresh', '--json', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    const lines = jsonLines(r);
    expect(lines).toContainEqual(expect.objectContaining({ model: 'card_shipped', status: 'failed', error: expect.stringMatching(REFUSED) }));
    expect(lines.pop()).toMatchObject({ command: 'run', status: 'failed' });
  });

  it('a model selecting no rows although its event name has events: refused inside the transaction, table unchanged', async () => {
    writeModel(SELECTS_NOTHING);
    const r = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/card_shipped: the model selects no rows \(event_name 'CardWasShipped'\); the stage table \(3 rows\) is left as it was; pass --allow-empty to empty it/);
    expect(await count('stage.card_shipped')).toBe(3);
    expect(cli(dir, ['run', '--full-refresh', '--allow-empty', '--as-of', AS_OF]).status).toBe(0);
    expect(await count('stage.card_shipped')).toBe(0);
  });

  it('batched full refresh (batch_days): a misspelled event_name is refused before any batch, table unchanged', async () => {
    writeModel(MISSPELLED);
    const r = cli(dir, ['run', '--full-refresh', '--vars', '{batch_days: 7}', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(REFUSED);
    expect(await count('stage.card_shipped')).toBe(3);
    expect(await query(dir, "SELECT * FROM backfill.operation_batches WHERE model = 'card_shipped'")).toEqual([]);
    expect(cli(dir, ['run', '--full-refresh', '--allow-empty', '--vars', '{batch_days: 7}', '--as-of', AS_OF]).status).toBe(0);
    expect(await count('stage.card_shipped')).toBe(0);
  });

  it('batched full refresh selecting no rows: refused before the swap, table unchanged', async () => {
    writeModel(SELECTS_NOTHING);
    const r = cli(dir, ['run', '--full-refresh', '--vars', '{batch_days: 7}', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/card_shipped: the model selects no rows .*the stage table \(3 rows\) is left as it was; pass --allow-empty/);
    expect(await count('stage.card_shipped')).toBe(3);
  });

  it('a targeted run with no rows in its window (its event name has events) is normal: not refused', async () => {
    writeModel(SELECTS_NOTHING);
    const r = cli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(r.stdout).not.toMatch(/allow-empty/);
    expect(r.stdout).toMatch(/stage\.card_shipped: .*\(window of 4 days\), 0 rows/);
    expect(r.status).toBe(0);
  });
});

describe('(a) a plain scheduled run (days) with a misspelled event_name', () => {
  beforeEach(built);

  it('refused, exit 1, the same message; the recent days are kept (3 rows stay 3); --json summary carries the error', async () => {
    writeModel(MISSPELLED);
    const before = await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id');
    expect(before).toHaveLength(3);
    const r = cli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(REFUSED);
    expect(r.stdout).not.toMatch(/window of 4 days\), 0 rows/);
    expect(await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id')).toEqual(before);
    const json = cli(dir, ['run', '--select', 'card_shipped', '--json', '--as-of', AS_OF]);
    expect(json.status).toBe(1);
    expect(jsonLines(json).pop()).toMatchObject({ command: 'run', status: 'failed', error: expect.stringMatching(REFUSED) });
    expect(await count('stage.card_shipped')).toBe(3);
  });

  it('with --allow-empty the run goes ahead (the window days are cleared), exit 0', async () => {
    writeModel(MISSPELLED);
    const r = cli(dir, ['run', '--select', 'card_shipped', '--allow-empty', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(await count('stage.card_shipped')).toBe(1);
  });

  it('run --dry-run (days and --full-refresh) warns that the run would be refused, exit 0, nothing written', async () => {
    writeModel(MISSPELLED);
    for (const extra of [[], ['--full-refresh']]) {
      const r = cli(dir, ['run', '--dry-run', '--select', 'card_shipped', ...extra, '--as-of', AS_OF]);
      expect(r.status).toBe(0);
      expect(stderrLines(r)).toEqual([expect.stringMatching(new RegExp(`^warning: the run would refuse this: ${REFUSED.source}`))]);
      const json = cli(dir, ['run', '--dry-run', '--json', '--select', 'card_shipped', ...extra, '--as-of', AS_OF]);
      expect(jsonLines(json)).toContainEqual(expect.objectContaining({ model: 'card_shipped', warning: expect.stringMatching(REFUSED) }));
    }
    writeModel(CARD_MODEL);
    expect(cli(dir, ['run', '--dry-run', '--select', 'card_shipped', '--as-of', AS_OF]).stderr).toBe('');
    expect(await count('stage.card_shipped')).toBe(3);
  });
});

it('(a) a first full build of an empty model is not refused (there is nothing to lose)', async () => {
  writeModel(MISSPELLED);
  const r = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
  expect(r.status).toBe(0);
  expect(await count('stage.card_shipped')).toBe(0);
});

describe('(b) an operation naming ids that match nothing', () => {
  const exclude = (ids: string): string[] => ['run-operation', 'add_duplicates_to_exclusions', '--args', `{stage_table_name: card_shipped, ${ids}, description: dup}`, '--as-of', AS_OF];

  it('an unknown id: exit 1, one error line naming it, nothing written (no ledger row either)', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, exclude('event_id: nope'));
    expect(r.status).toBe(1);
    expect(stderrLines(r)).toEqual([
      "error: add_duplicates_to_exclusions: event id 'nope' matches no event named 'CardWasShipped'; nothing was written",
    ]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('--json: the summary object lists the unmatched ids', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, [...exclude('event_ids: [nope, p1]'), '--json']);
    expect(r.status).toBe(1);
    // p1 exists, but as a PaymentCompleted: not an event of this event name.
    expect(jsonLines(r).pop()).toMatchObject({ command: 'run-operation', macro: 'add_duplicates_to_exclusions', status: 'error', exit_code: 1, operation_id: null, unmatched_ids: ['nope', 'p1'] });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('mixed ids: exit 0, written for the known ones only, a warning names the unknown ones', async () => {
    const r = cli(dir, [...exclude('event_ids: [c1, nope1, c3, nope2]')]);
    expect(r.status).toBe(0);
    expect(stderrLines(r)).toEqual([
      "warning: add_duplicates_to_exclusions: event ids 'nope1', 'nope2' match no event named 'CardWasShipped'; written for the other ids only",
    ]);
    expect((await query(dir, `SELECT event_id FROM ${EXCL} ORDER BY event_id`)).map((x) => x['event_id'])).toEqual(['c1', 'c3']);
    const json = cli(dir, [...exclude('event_ids: [c2, nope3]'), '--json']);
    expect(json.status).toBe(0);
    expect(jsonLines(json).pop()).toMatchObject({ status: 'succeeded', rows: { [EXCL]: 1 }, unmatched_ids: ['nope3'] });
  });

  it('update_event_data with some unknown event_ids: exceptions for the known ones, a warning for the rest', async () => {
    const r = cli(dir, ['run-operation', 'update_event_data', '--args', '{stage_table_name: card_shipped, event_ids: [c1, ghost], set: {$.Status: Lost}, description: x}', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: update_event_data: event id 'ghost' matches no event named 'CardWasShipped'/);
    expect((await query(dir, `SELECT event_id FROM ${EXC}`)).map((x) => x['event_id'])).toEqual(['c1']);
    const none = cli(dir, ['run-operation', 'update_event_data', '--args', '{event_name: CardWasShipped, event_ids: [ghost], set: {$.Status: Lost}, description: x}', '--as-of', AS_OF]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/event id 'ghost' matches no event/);
  });

  it('apply: a backfill file with some unknown ids warns; one whose ids all match nothing exits 1 and is not recorded as applied', async () => {
    fs.mkdirSync(path.join(dir, 'backfills'));
    const file = (name: string, ids: string): void =>
      fs.writeFileSync(path.join(dir, 'backfills', `${name}.yml`), `macro: update_event_data\nargs: {stage_table_name: card_shipped, event_ids: [${ids}], set: {$.Status: Failed}}\ndescription: lost\nauthor: ana\n`);
    file('2026_11_23_a', 'c3, ghost');
    const first = cli(dir, ['apply', '--as-of', AS_OF]);
    expect(first.status).toBe(0);
    expect(stderrLines(first)).toEqual(['warning: 2026_11_23_a: 1 id(s) matched no event: ghost']);
    file('2026_11_24_b', 'ghost2');
    const second = cli(dir, ['apply', '--as-of', AS_OF]);
    expect(second.status).toBe(1);
    expect(stderrLines(second)).toEqual(["error: backfill 2026_11_24_b: update_event_data: event id 'ghost2' matches no event named 'CardWasShipped'; nothing was written"]);
    expect((await query(dir, 'SELECT backfill_name FROM backfill.applied_backfills')).map((x) => x['backfill_name'])).toEqual(['2026_11_23_a']);
  });

  it('update_event_data with a misspelled event_name and where: exit 1 naming the nearest names, nothing written (no ledger row)', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, ['run-operation', 'update_event_data', '--args', '{event_name: CardWasShiped, where: {$.Status: Pending}, set: {$.Status: X}, description: d}', '--json', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(stderrLines(r)).toEqual(["error: update_event_data: event_name 'CardWasShiped' matches no events; nothing was written; nearest event names present: CardWasShipped"]);
    expect(jsonLines(r).pop()).toMatchObject({ command: 'run-operation', status: 'error', exit_code: 1, operation_id: null });
    expect(await snapshot(dir)).toEqual(before);
    // The stage table's own event name misspelled (stage_table_name): the same.
    writeModel(MISSPELLED);
    const viaStage = cli(dir, ['run-operation', 'update_event_data', '--args', '{stage_table_name: card_shipped, where: {$.Status: Pending}, set: {$.Status: X}, description: d}', '--as-of', AS_OF]);
    expect(viaStage.status).toBe(1);
    expect(viaStage.stderr).toMatch(/event_name 'CardWasShiped' matches no events; nothing was written; nearest event names present: CardWasShipped/);
    expect(await snapshot(dir)).toEqual(before);
    // The right name with a where matching nothing is a quiet no-op, as before.
    const fine = cli(dir, ['run-operation', 'update_event_data', '--args', '{event_name: CardWasShipped, where: {$.Status: Nowhere}, set: {$.Status: X}, description: d}', '--as-of', AS_OF]);
    expect(fine.status).toBe(0);
    expect(fine.stdout).toMatch(/nothing to do/);
  });

  it('run-operation --dry-run and plan run-operation: the unmatched ids as a warning and in --json, exit 0, nothing written', async () => {
    const before = await snapshot(dir);
    const args = ['--args', '{stage_table_name: card_shipped, event_ids: [nope1, nope2], description: dup}', '--as-of', AS_OF];
    const warning = "warning: add_duplicates_to_exclusions: event ids 'nope1', 'nope2' match no event named 'CardWasShipped'; the operation would be refused, nothing written";
    const dry = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--dry-run', ...args]);
    expect(dry.status).toBe(0);
    expect(stderrLines(dry)).toEqual([warning]);
    const dryJson = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--dry-run', '--json', ...args]);
    expect(dryJson.status).toBe(0);
    expect(jsonLines(dryJson).pop()).toMatchObject({ status: 'dry-run', unmatched_ids: ['nope1', 'nope2'], warning: warning.slice('warning: '.length) });
    const plan = cli(dir, ['plan', 'run-operation', 'add_duplicates_to_exclusions', ...args]);
    expect(plan.status).toBe(0);
    expect(stderrLines(plan)).toEqual([warning]);
    const planJson = cli(dir, ['plan', 'run-operation', 'add_duplicates_to_exclusions', '--json', ...args]);
    expect(jsonLines(planJson).pop()).toMatchObject({ status: 'planned', unmatched_ids: ['nope1', 'nope2'] });
    // Some matched: the warning says the others would be written.
    const mixed = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--dry-run', '--args', '{stage_table_name: card_shipped, event_ids: [c1, nope1], description: dup}', '--as-of', AS_OF]);
    expect(stderrLines(mixed)).toEqual(["warning: add_duplicates_to_exclusions: event id 'nope1' matches no event named 'CardWasShipped'; it would write for the other ids only"]);
    // All matched: silent.
    expect(cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--dry-run', '--args', '{stage_table_name: card_shipped, event_ids: [c1], description: dup}', '--as-of', AS_OF]).stderr).toBe('');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('apply --dry-run writes nothing and warns of the unmatched ids (exit 0); apply --json error line carries unmatched_ids', async () => {
    fs.mkdirSync(path.join(dir, 'backfills'));
    fs.writeFileSync(path.join(dir, 'backfills', '2026_11_24_b.yml'), 'macro: update_event_data\nargs: {stage_table_name: card_shipped, event_ids: [ghost2], set: {$.Status: Failed}}\ndescription: lost\nauthor: ana\n');
    const before = await snapshot(dir);
    const dry = cli(dir, ['apply', '--dry-run', '--as-of', AS_OF]);
    expect(dry.status).toBe(0);
    expect(stderrLines(dry)).toEqual(["warning: backfill 2026_11_24_b: update_event_data: event id 'ghost2' matches no event named 'CardWasShipped'; the operation would be refused, nothing written"]);
    expect(dry.stdout).toMatch(/apply: dry run, 1 would be applied, 0 already applied; nothing was written/);
    const dryJson = cli(dir, ['apply', '--dry-run', '--json', '--as-of', AS_OF]);
    expect(jsonLines(dryJson)).toContainEqual(expect.objectContaining({ backfill: '2026_11_24_b', status: 'dry-run', unmatched_ids: ['ghost2'] }));
    expect(await snapshot(dir)).toEqual(before);
    const r = cli(dir, ['apply', '--json', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(jsonLines(r).pop()).toMatchObject({ command: 'apply', status: 'error', exit_code: 1, unmatched_ids: ['ghost2'], error: expect.stringMatching(/^backfill 2026_11_24_b: update_event_data: event id 'ghost2' matches no event/) });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('an id that exists only as an inserted event (exceptions) matches; excluding it again is a quiet no-op', async () => {
    const f = path.join(dir, 'insert.ndjson');
    fs.writeFileSync(f, `${JSON.stringify({ event_id: 'ins1', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'S' } })}\n`);
    expect(cli(dir, ['import', f, '--insert', '--description', 'missing', '--as-of', AS_OF]).status).toBe(0);
    const r = cli(dir, exclude('event_id: ins1'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const again = cli(dir, exclude('event_id: ins1'));
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(await count(EXCL)).toBe(1);
  });
});

describe('PostgreSQL', () => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(new Date(AS_OF), { target: 'postgres' });
    await t.load(SEED_EVENTS);
    await t.run();
  });
  afterEach(() => t.close());

  it('(a) a misspelled event_name: full refresh refused, exit 1, table unchanged; --allow-empty empties it', async () => {
    fs.writeFileSync(path.join(t.dir, 'models', 'card_shipped.sql'), MISSPELLED);
    const r = cli(t.dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(REFUSED);
    expect(await t.count('stage.card_shipped')).toBe(3);
    expect(cli(t.dir, ['run', '--full-refresh', '--allow-empty', '--as-of', AS_OF]).status).toBe(0);
    expect(await t.count('stage.card_shipped')).toBe(0);
  });

  it('(a) a plain run (days) with a misspelled event_name: refused, exit 1, table unchanged', async () => {
    fs.writeFileSync(path.join(t.dir, 'models', 'card_shipped.sql'), MISSPELLED);
    const r = cli(t.dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(REFUSED);
    expect(await t.count('stage.card_shipped')).toBe(3);
  });

  it('(a) a model selecting no rows: rolled back inside the transaction, table unchanged', async () => {
    fs.writeFileSync(path.join(t.dir, 'models', 'card_shipped.sql'), SELECTS_NOTHING);
    const r = cli(t.dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/card_shipped: the model selects no rows/);
    expect(await t.count('stage.card_shipped')).toBe(3);
  });

  it('(b) unknown ids: none matched → exit 1 and nothing written; mixed → the known ones written, warning', async () => {
    const ops = await t.count(OPERATIONS);
    const args = (ids: string): string[] => ['run-operation', 'add_duplicates_to_exclusions', '--args', `{stage_table_name: card_shipped, event_ids: [${ids}], description: dup}`, '--json', '--as-of', AS_OF];
    const none = cli(t.dir, args('nope'));
    expect(none.status).toBe(1);
    expect(jsonLines(none).pop()).toMatchObject({ status: 'error', unmatched_ids: ['nope'] });
    expect(await t.count(EXCL)).toBe(0);
    expect(await t.count(OPERATIONS)).toBe(ops);
    const mixed = cli(t.dir, args('c2, nope'));
    expect(mixed.status).toBe(0);
    expect(mixed.stderr).toMatch(/^warning: .*'nope'/);
    expect(jsonLines(mixed).pop()).toMatchObject({ status: 'succeeded', unmatched_ids: ['nope'] });
    expect((await t.query(`SELECT event_id FROM ${EXCL}`)).map((x) => x['event_id'])).toEqual(['c2']);
  });
});
