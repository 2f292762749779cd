/**
 * `backfill compile` and `backfill compile run-operation` through the real binary: files written, deterministic,
 * and never a row written (nor a warehouse file created).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, EXC, expectUsageError, jsonLines, removeDir, seededCopies, snapshot, warehouseFile } from '../helpers/cli';
import { makeProjectDir, REPO_ROOT } from '../helpers/project';

const MIGRATIONS = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
const UPDATE_C1 = '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: "it\'s a fix"}';

/** Every file under target/compiled, path → bytes. */
function compiledFiles(dir: string): Record<string, Buffer> {
  const root = path.join(dir, 'target', 'compiled');
  if (!fs.existsSync(root)) return {};
  const files: Record<string, Buffer> = {};
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, rel);
    if (fs.statSync(file).isFile()) files[rel.split(path.sep).join('/')] = fs.readFileSync(file);
  }
  return files;
}

describe('backfill compile', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeProjectDir();
  });
  afterEach(() => removeDir(dir));

  it('writes every model and migration to target/compiled/local/ without touching a warehouse', () => {
    const r = cli(dir, ['compile']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = compiledFiles(dir);
    expect(Object.keys(files).sort()).toEqual(
      ['local/models/card_shipped.sql', 'local/models/payment_completed.sql', ...MIGRATIONS.map((m) => `local/migrations/${m}`)].sort(),
    );
    const card = files['local/models/card_shipped.sql']!.toString('utf8');
    expect(card).toMatch(/select/i);
    expect(card).toContain("'CardWasShipped'");
    expect(card).not.toMatch(/\{\{|&#x27;|&quot;|&amp;/); // fully rendered, no HTML escaping
    const migrations = MIGRATIONS.map((m) => files[`local/migrations/${m}`]!.toString('utf8')).join('\n');
    for (const table of ['backend_events', 'backend_events_exceptions', 'backend_events_exclusions', 'operations', 'model_watermarks']) {
      expect(migrations).toMatch(new RegExp(`CREATE TABLE[^(]*\\b${table}\\b`, 'i'));
    }
    for (const f of Object.keys(files)) expect(r.stdout).toContain(path.join('target', 'compiled', f));
    expect(fs.existsSync(warehouseFile(dir))).toBe(false);
  });

  it('gives byte-identical files when run twice', () => {
    expect(cli(dir, ['compile']).status).toBe(0);
    const first = compiledFiles(dir);
    fs.rmSync(path.join(dir, 'target'), { recursive: true });
    expect(cli(dir, ['compile']).status).toBe(0);
    const second = compiledFiles(dir);
    expect(Object.keys(second).length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  it('--select writes only the named models; an unknown one exits 2 naming it', () => {
    const r = cli(dir, ['compile', '--select', 'payment_completed']);
    expect(r.status).toBe(0);
    expect(Object.keys(compiledFiles(dir)).filter((f) => f.includes('/models/'))).toEqual(['local/models/payment_completed.sql']);
    const bad = cli(dir, ['compile', '--select', 'nope']);
    expectUsageError(bad, /--select/, /'nope'/);
  });
});

describe('backfill compile run-operation', () => {
  let dir: string;
  seededCopies((d) => (dir = d));

  it('prints the exact SQL, writes it to operations/<macro>.sql, and writes no row', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, ['compile', 'run-operation', 'update_event_data', '--args', UPDATE_C1, '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`INSERT INTO\\s+("?)s3\\1\\.("?)backend_events_exceptions\\2`, 'i'));
    expect(r.stdout).toContain("'it''s a fix'");
    expect(r.stdout).not.toMatch(/\{\{|&#x27;|&quot;/);
    const file = path.join(dir, 'target', 'compiled', 'local', 'operations', 'update_event_data.sql');
    expect(fs.readFileSync(file, 'utf8')).toBe(r.stdout);
    expect(await snapshot(dir)).toEqual(before);
    expect(before![EXC]).toBe(0);
  });

  it('--json: one JSON object naming the file and its statements', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, ['compile', 'run-operation', 'remove_duplicates_by_event_id', '--args', '{stage_table_name: card_shipped}', '--json']);
    expect(r.status).toBe(0);
    const [obj, ...rest] = jsonLines(r);
    expect(rest).toEqual([]);
    expect(obj).toEqual(expect.objectContaining({ status: 'succeeded', file: path.join('target', 'compiled', 'local', 'operations', 'remove_duplicates_by_event_id.sql') }));
    expect((obj!['statements'] as string[]).join('\n')).toMatch(/INSERT INTO/i);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('needs no warehouse: works in a project that was never migrated and creates no warehouse file', () => {
    const fresh = makeProjectDir();
    try {
      const r = cli(fresh, ['compile', 'run-operation', 'update_event_data', '--args', UPDATE_C1]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/INSERT INTO/i);
      expect(fs.existsSync(warehouseFile(fresh))).toBe(false);
    } finally {
      removeDir(fresh);
    }
  });

  it('bad arguments exit 2 and write neither SQL file nor row', async () => {
    const before = await snapshot(dir);
    const r = cli(dir, ['compile', 'run-operation', 'update_event_data', '--args', '{stage_table_name: card_shipped, event_ids: [c1]}']);
    expectUsageError(r, /--args\.set/);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'target', 'compiled', 'local', 'operations', 'update_event_data.sql'))).toBe(false);
    expect(await snapshot(dir)).toEqual(before);
  });
});
