/**
 * Issue 21, dbt's habits: `-s`/`--select`, `--exclude`, `-t`, selection by wildcard, `tag:` (from
 * `{{config tags=[…]}}`), `event:` (and `event:X+`), one selection for every command, `backfill ls`, and a selector
 * matching nothing refused with a did-you-mean (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backfillIn } from '../helpers/offline-project';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

const model = (event: string, config = ''): string => `{{config event_name="${event}"${config}}}\nselect event_id, event_created_at from {{events}}\n`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-i21-select-'));
  fs.writeFileSync(path.join(dir, 'backfill.yml'), ['name: sel', 'target: local', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }', '  other: { type: duckdb, path: other.duckdb }', ''].join('\n'));
  fs.mkdirSync(path.join(dir, 'models'));
  fs.copyFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), path.join(dir, 'models', 'card_shipped.sql'));
  fs.writeFileSync(path.join(dir, 'models', 'payment_completed.sql'), model('PaymentCompleted', ' tags=["finance", "pii"]'));
  fs.writeFileSync(path.join(dir, 'models', 'payment_refunded.sql'), model('PaymentRefunded', ' tags="finance"'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const backfill = (args: string[]): ReturnType<typeof backfillIn> => backfillIn(dir, args);

/** The model column of `ls`'s rows (header dropped). */
const listed = async (args: string[]): Promise<string[]> => {
  const r = await backfill(['ls', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]!);
};

describe('backfill ls and the selectors', () => {
  it('lists model, stage table, event name and tags under a header; --json one object per model', async () => {
    const r = await backfill(['ls']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^MODEL\s+STAGE TABLE\s+EVENT NAME\s+TAGS$/);
    expect(r.stdout).toMatch(/payment_completed\s+stage\.payment_completed\s+PaymentCompleted\s+finance,pii\n/);
    const j = await backfill(['ls', '--json', '-s', 'payment_refunded']);
    expect(j.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ model: 'payment_refunded', stage_table: 'stage.payment_refunded', event_name: 'PaymentRefunded', tags: ['finance'] }]);
  });

  it('wildcards, tag:, event:, event:X+, unions, intersections and --exclude', async () => {
    expect(await listed([])).toEqual(['card_shipped', 'payment_completed', 'payment_refunded']);
    expect(await listed(['-s', 'payment*'])).toEqual(['payment_completed', 'payment_refunded']);
    expect(await listed(['--select', '*_shipped'])).toEqual(['card_shipped']);
    expect(await listed(['-s', 'tag:finance'])).toEqual(['payment_completed', 'payment_refunded']);
    expect(await listed(['-s', 'tag:pii'])).toEqual(['payment_completed']);
    expect(await listed(['-s', 'event:CardWasShipped'])).toEqual(['card_shipped']);
    expect(await listed(['-s', 'event:CardWasShipped+'])).toEqual(['card_shipped']);
    expect(await listed(['-s', 'event:Payment*'])).toEqual(['payment_completed', 'payment_refunded']);
    expect(await listed(['-s', 'card_shipped payment_refunded'])).toEqual(['card_shipped', 'payment_refunded']);
    expect(await listed(['-s', 'card_shipped', '-s', 'tag:pii'])).toEqual(['card_shipped', 'payment_completed']);
    expect(await listed(['-s', 'tag:finance,event:PaymentRefunded'])).toEqual(['payment_refunded']);
    expect(await listed(['-s', 'tag:finance', '--exclude', 'tag:pii'])).toEqual(['payment_refunded']);
    expect(await listed(['--exclude', 'payment*'])).toEqual(['card_shipped']);
  });

  it.each([
    [['-s', 'paymnt_completed'], "error: --select: no model named 'paymnt_completed'; did you mean 'payment_completed'?; models: card_shipped, payment_completed, payment_refunded"],
    [['-s', 'tag:financ'], "error: --select: 'tag:financ' matches no model; did you mean 'tag:finance'?; tags: finance, pii"],
    [['-s', 'event:CardWasShiped'], "error: --select: 'event:CardWasShiped' matches no model; did you mean 'event:CardWasShipped'?; event names: CardWasShipped, PaymentCompleted, PaymentRefunded"],
    [['--exclude', 'nope*'], "error: --exclude: 'nope*' matches no model; models: card_shipped, payment_completed, payment_refunded"],
    [['--exclude', '*'], 'error: --exclude: removes every selected model; models: card_shipped, payment_completed, payment_refunded'],
    [['-s', 'tga:finance'], "error: --select: unknown selector method 'tga'; did you mean 'tag'?; methods: tag, event (or a model name or wildcard)"],
    [['-s', 'card_shipped+'], "error: --select: 'card_shipped+': '+' (dbt's graph operator) means something only as event:<name>+ (the models fed by that event name, the same as event:<name>); no model reads another"],
  ])('ls %j: exit 2, one line', async (args, line) => {
    const r = await backfill(['ls', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('the same selection in compile and compile run (--exclude too), -t for --target', async () => {
    const c = await backfill(['compile', '-t', 'other', '-s', 'tag:finance', '--exclude', 'payment_completed']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'target', 'compiled', 'other', 'models'))).toEqual(['payment_refunded.sql']);
    const r = await backfill(['compile', 'run', '--full-refresh', '-s', 'event:Payment*', '--exclude', 'tag:pii']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'target', 'compiled', 'local', 'run'))).toEqual(['payment_refunded.sql']);
    const bad = await backfill(['compile', 'run', '--full-refresh', '-s', 'pay']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --select: no model named 'pay'; models: /);
  });

  it('run and check take -s/--exclude (DuckDB): the ledger records the models picked; a bad selector opens nothing', async () => {
    expect((await backfill(['migrate'])).code).toBe(0);
    const run = await backfill(['run', '--json', '-s', 'payment*', '--exclude', 'tag:pii']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!);
    const show = await backfill(['operations', 'show', summary.operation_id, '--json']);
    expect(JSON.parse(show.stdout.trim().split('\n').pop()!).args.select).toEqual(['payment_refunded']);
    const check = await backfill(['check', '-s', 'tag:finance', '--exclude', 'tag:pii']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('payment_refunded: ');
    expect(check.stdout).not.toMatch(/card_shipped|payment_completed/);
    fs.rmSync(path.join(dir, 'other.duckdb'), { force: true });
    const bad = await backfill(['run', '-t', 'other', '-s', 'tag:nope']);
    expect(bad.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'other.duckdb'))).toBe(false);
  });
});
