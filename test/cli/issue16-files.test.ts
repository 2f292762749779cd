/**
 * Issue 16, through the real binary: item 3, `compile` and `import` never write through a planted symbolic link;
 * item 14, a broken entry in models/ or macros/ (link loop, dangling link, a directory named x.sql) is exit 2 with
 * one line naming the file and what is wrong, nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AS_OF, cli, expectUsageError, removeDir, seededCopies, snapshot } from '../helpers/cli';

let dir: string;
let outside: string;
seededCopies((d) => (dir = d));
beforeEach(() => {
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-outside-'));
});
afterEach(() => removeDir(outside));

const compiled = (...parts: string[]): string => path.join(dir, 'target', 'compiled', 'local', ...parts);

describe('item 3: no write through a planted link', () => {
  it('compile replaces a linked output file instead of overwriting what it points at', () => {
    const victim = path.join(outside, 'bashrc');
    fs.writeFileSync(victim, 'export PS1=original\n');
    fs.mkdirSync(compiled('models'), { recursive: true });
    fs.symlinkSync(victim, compiled('models', 'card_shipped.sql'));
    const r = cli(dir, ['compile']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('export PS1=original\n');
    expect(fs.lstatSync(compiled('models', 'card_shipped.sql')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(compiled('models', 'card_shipped.sql'), 'utf8')).toMatch(/CardWasShipped/);
  });

  it('compile run-operation replaces a linked operations/<macro>.sql too', () => {
    const victim = path.join(outside, 'victim');
    fs.writeFileSync(victim, 'keep\n');
    fs.mkdirSync(compiled('operations'), { recursive: true });
    fs.symlinkSync(victim, compiled('operations', 'update_event_data.sql'));
    const args = '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: fix}';
    const r = cli(dir, ['compile', 'run-operation', 'update_event_data', '--args', args, '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(fs.readFileSync(compiled('operations', 'update_event_data.sql'), 'utf8')).toMatch(/INSERT INTO/);
  });

  it.each([['target'], ['target/compiled'], ['target/compiled/local'], ['target/compiled/local/models']])('compile refuses a linked output directory %s: exit 2, one line, nothing written through it', (linked) => {
    const link = path.join(dir, linked);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(outside, link);
    expectUsageError(cli(dir, ['compile']), new RegExp(`^error: ${linked}: is a symbolic link`), /rm /);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('import replaces a linked <file>.rejected.ndjson instead of writing into what it points at', async () => {
    const victim = path.join(outside, 'authorized_keys');
    fs.writeFileSync(victim, 'ssh-ed25519 AAAA original\n');
    const f = path.join(dir, 'in.ndjson');
    const good = JSON.stringify({ event_id: 'n1', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'S' } });
    fs.writeFileSync(f, `${good}\nnot json\n`);
    fs.symlinkSync(victim, `${f}.rejected.ndjson`);
    const r = cli(dir, ['import', f, '--description', 'links', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA original\n');
    expect(fs.lstatSync(`${f}.rejected.ndjson`).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(`${f}.rejected.ndjson`, 'utf8')).toMatch(/"line":2/);
  });
});

describe('item 3: report and the change-feed file never write through a planted link', () => {
  it('report --out replaces a link planted at the path; what it points at is untouched', () => {
    const victim = path.join(outside, 'victim');
    fs.writeFileSync(victim, 'keep\n');
    const file = path.join(dir, 'report.html');
    fs.symlinkSync(victim, file);
    const r = cli(dir, ['report', '--out', file, '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a feed file at a link is refused: the sink goes to error naming the link, its changes stay pending, the link target is untouched', () => {
    const victim = path.join(outside, 'victim');
    fs.writeFileSync(victim, 'keep\n');
    const feed = path.join(dir, 'feed.ndjson');
    fs.symlinkSync(victim, feed);
    const r = cli(dir, ['run', '--as-of', AS_OF, '--changes', feed]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/run: succeeded/);
    expect(r.stdout).toContain(`changes → ${feed}: 0 delivered`);
    expect(r.stdout).toContain(`sink in error: ${feed} is a symbolic link; the change feed is never appended through links (remove it, e.g. rm ${feed})`);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
    const status = cli(dir, ['changes', 'status', '--json']);
    const [sink] = status.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(sink).toMatchObject({ sink: feed, status: 'error', error: expect.stringContaining('is a symbolic link') });
    const pending = Number(sink!['pending']);
    expect(pending).toBeGreaterThan(0);
    // With the link removed, resume delivers every kept change to a plain file.
    fs.unlinkSync(feed);
    const resumed = cli(dir, ['changes', 'resume', feed]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`${pending} delivered`);
    expect(fs.readFileSync(feed, 'utf8').trim().split('\n')).toHaveLength(pending);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
  });
});

describe('item 14: a broken entry in models/ or macros/', () => {
  const plant: Record<string, (file: string) => void> = {
    'a symbolic link loop': (file) => {
      fs.symlinkSync(`${file}.other.sql`, file);
      fs.symlinkSync(file, `${file}.other.sql`);
    },
    'a dangling symbolic link': (file) => fs.symlinkSync(path.join(os.tmpdir(), 'no-such-file-backfill.sql'), file),
    'a directory named x.sql': (file) => fs.mkdirSync(file),
  };
  const problem: Record<string, RegExp> = {
    'a symbolic link loop': /is a symbolic link loop/,
    'a dangling symbolic link': /is a dangling symbolic link/,
    'a directory named x.sql': /is a directory, not a template file/,
  };
  it.each([
    ['models', 'a symbolic link loop', ['run', '--as-of', AS_OF]],
    ['models', 'a dangling symbolic link', ['run', '--full-refresh', '--as-of', AS_OF]],
    ['models', 'a directory named x.sql', ['run', '--as-of', AS_OF]],
    ['macros', 'a symbolic link loop', ['compile']],
    ['macros', 'a dangling symbolic link', ['run', '--as-of', AS_OF]],
    ['macros', 'a directory named x.sql', ['run', '--as-of', AS_OF]],
  ])('%s/ holding %s: exit 2, one line naming the file, nothing written', async (folder, what, argv) => {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    const file = path.join(dir, folder, 'x.sql');
    plant[what]!(file);
    const before = await snapshot(dir);
    expectUsageError(cli(dir, argv), new RegExp(`${folder}/x\\.sql`), problem[what]!);
    expect(await snapshot(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  });
});
