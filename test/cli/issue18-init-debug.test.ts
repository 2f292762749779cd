/**
 * Issue 18, item 4: `backfill init` writes a new project (commented backfill.yml with every setting at its default,
 * models/, macros/, backfills/, .gitignore, an example model) and never overwrites; `backfill debug` checks the
 * project and the connection, one ok/fail line per check, exit 0 all ok / 1 a check failed, writing nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { compileProject } from '../../src/compiler/project';
import { loadProject } from '../../src/config/load';
import { projectConfig } from '../../src/config/schema';
import { loadEvents } from '../../src/demo/sample-events';
import { migrate } from '../../src/ledger/migrations';
import { adapterFor, dialectFor, openWarehouse } from '../../src/targets/registry';
import { AS_OF, BIN, query, SEED_EVENTS, snapshot, stderrLines, warehouseFile, type CliResult } from '../helpers/cli';
import { contextFor, freshPgDatabase, makeProjectDir } from '../helpers/project';

/** The CLI with an environment of our choosing (a variable set or unset). */
function cliEnv(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: os.tmpdir(), env: { ...env, NO_COLOR: '1' }, timeout: 30_000 });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Every file and directory under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

/** The check lines of `debug` as [status, check], in order. */
function checkLines(r: CliResult): Array<[string, string]> {
  return r.stdout
    .split('\n')
    .filter((l) => /^(ok|fail|skip)\s/.test(l))
    .map((l) => {
      const m = /^(ok|fail|skip)\s+(project file loads|target selected|project compiles|credentials found|connection opens|table \w+|migrations applied)\s/.exec(l);
      return [m?.[1] ?? '?', m?.[2] ?? l];
    });
}

const CHECKS = ['project file loads', 'target selected', 'project compiles', 'credentials found', 'connection opens', 'table original', 'table exceptions', 'table exclusions', 'table schema_migrations', 'migrations applied'];

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-i18-init-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('init', () => {
  it.each(['duckdb', 'postgres', 'bigquery'])('--target %s: the files, a commented backfill.yml with every setting at its default that loads and compiles', (target) => {
    const dir = path.join(root, 'my-events');
    const r = cliEnv(['init', dir, '--target', target]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(tree(dir)).toEqual(['.gitignore', 'backfill.yml', 'backfills', 'backfills/README.md', 'macros', 'macros/README.md', 'models', 'models/card_shipped.sql']);
    const text = fs.readFileSync(path.join(dir, 'backfill.yml'), 'utf8');
    expect(text.split('\n').filter((l) => l.trim().startsWith('#')).length).toBeGreaterThan(15);
    const raw = YAML.parse(text) as Record<string, unknown>;
    // Every setting is written out: the schema fills in nothing the file does not already say.
    expect(projectConfig.parse(raw)).toEqual(raw);
    const project = loadProject({ projectDir: dir });
    expect(project.config.name).toBe('my_events');
    expect(project.target.type).toBe(target);
    expect(project.config.vars).toEqual({ current_date_offset: 3, dedup_window_days: null, lock_wait_seconds: 30, batch_days: null, import_max_age_days: 14, late_commit_margin_minutes: 60 });
    const compiled = compileProject(project, dialectFor(project.target), adapterFor(project.target));
    expect([...compiled.models.keys()]).toEqual(['card_shipped']);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['target/', '*.duckdb', '*.duckdb.wal']));
    expect(fs.readFileSync(path.join(dir, 'models', 'card_shipped.sql'), 'utf8')).toMatch(/^\{\{config event_name="CardWasShipped"\}\}/);
  });

  it('secrets stay out of the file: postgres names connection_env, bigquery keyfile_env and a placeholder project', () => {
    cliEnv(['init', path.join(root, 'pg'), '--target', 'postgres']);
    cliEnv(['init', path.join(root, 'bq'), '--target', 'bigquery']);
    expect(loadProject({ projectDir: path.join(root, 'pg') }).target).toEqual({ type: 'postgres', connection_env: 'BACKFILL_PG_URL' });
    expect(loadProject({ projectDir: path.join(root, 'bq') }).target).toMatchObject({ type: 'bigquery', project: 'my-gcp-project', keyfile_env: 'GOOGLE_APPLICATION_CREDENTIALS', location: 'EU', maximum_bytes_billed: 10_000_000_000 });
    for (const d of ['pg', 'bq']) expect(fs.readFileSync(path.join(root, d, 'backfill.yml'), 'utf8')).not.toMatch(/^\s*(password|url|keyfile):/m);
  });

  it('without a dir it writes into --project-dir', () => {
    const r = cliEnv(['init', '--project-dir', root]);
    expect(r.status).toBe(0);
    expect(loadProject({ projectDir: root }).targetName).toBe('local');
  });

  it.each([['backfill.yml'], ['models/card_shipped.sql'], ['backfills/README.md']])('refuses when %s exists: exit 2, one line naming it, nothing written', (existing) => {
    fs.mkdirSync(path.dirname(path.join(root, existing)), { recursive: true });
    fs.writeFileSync(path.join(root, existing), 'mine\n');
    const before = tree(root);
    const r = cliEnv(['init', root]);
    expect({ status: r.status, lines: stderrLines(r), stdout: r.stdout }).toEqual({ status: 2, lines: [`error: ${path.join(root, existing)}: already exists; init never overwrites; move it away or run init in another directory`], stdout: '' });
    expect(tree(root)).toEqual(before);
    expect(fs.readFileSync(path.join(root, existing), 'utf8')).toBe('mine\n');
  });

  it('a project dir that is a link to a directory is used; a linked models/ is refused', () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
    expect(cliEnv(['init', path.join(root, 'link')]).status).toBe(0);
    expect(fs.existsSync(path.join(root, 'real', 'backfill.yml'))).toBe(true);
    fs.mkdirSync(path.join(root, 'other'));
    fs.symlinkSync(path.join(root, 'real', 'models'), path.join(root, 'other', 'models'));
    const r = cliEnv(['init', path.join(root, 'other')]);
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/other\/models: exists and is not a directory/)]);
    expect(fs.readdirSync(path.join(root, 'other'))).toEqual(['models']);
    expect(fs.readdirSync(path.join(root, 'real', 'models'))).toEqual(['card_shipped.sql']);
  });

  it('refuses a file where a directory goes (models), nothing written', () => {
    fs.writeFileSync(path.join(root, 'models'), '');
    const r = cliEnv(['init', root]);
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toEqual([`error: ${path.join(root, 'models')}: exists and is not a directory; init never overwrites; move it away or run init in another directory`]);
    expect(tree(root)).toEqual(['models']);
  });

  it('an unknown --target is bad usage (exit 2, one line), nothing written', () => {
    const r = cliEnv(['init', path.join(root, 'x'), '--target', 'oracle']);
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^error: .*target.*oracle.*duckdb/)]);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('the new DuckDB project works end to end: migrate, run, compile, debug', async () => {
    expect(cliEnv(['init', root]).status).toBe(0);
    const migrated = cliEnv(['migrate', '--project-dir', root]);
    expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
    const wh = await openWarehouse(loadProject({ projectDir: root }), 'test');
    try {
      await loadEvents(wh, contextFor(root, new Date(AS_OF)), SEED_EVENTS);
    } finally {
      await wh.close();
    }
    const run = cliEnv(['run', '--project-dir', root, '--as-of', AS_OF]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await query(root, 'SELECT event_id, status, carrier FROM stage.card_shipped ORDER BY event_id')).toEqual([
      { event_id: 'c1', status: 'Shipped', carrier: 'DHL' },
      { event_id: 'c2', status: 'Shipped', carrier: 'DHL' },
      { event_id: 'c3', status: 'Pending', carrier: 'UPS' },
    ]);
    const compiled = cliEnv(['compile', '--project-dir', root]);
    expect(compiled.status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'target', 'compiled', 'local', 'models', 'card_shipped.sql'), 'utf8')).toMatch(/event_name = 'CardWasShipped'/);
    const before = await snapshot(root);
    const debug = cliEnv(['debug', '--project-dir', root]);
    expect({ status: debug.status, stderr: debug.stderr }).toEqual({ status: 0, stderr: '' });
    expect(checkLines(debug)).toEqual(CHECKS.map((c) => ['ok', c]));
    expect(debug.stdout).toMatch(/^ok +target selected +local \(type duckdb\)$/m);
    expect(debug.stdout).toMatch(/^debug: all 10 checks ok$/m);
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('debug', () => {
  it('a missing DuckDB file: connection fails (named), the rest skipped, exit 1, no file created', () => {
    cliEnv(['init', root]);
    const r = cliEnv(['debug', '--project-dir', root]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
    expect(checkLines(r)).toEqual(CHECKS.map((c, i) => [i < 4 ? 'ok' : i === 4 ? 'fail' : 'skip', c]));
    expect(r.stdout).toContain(`fail  connection opens         ${warehouseFile(root)}: no such DuckDB file; run 'backfill migrate --target local' first`);
    expect(r.stdout).toMatch(/^debug: 1 of 10 checks failed$/m);
    expect(fs.existsSync(warehouseFile(root))).toBe(false);
    expect(tree(root)).not.toContain('target');
  });

  it('no project file: the first check fails, exit 1; --json gives one object per check', () => {
    const r = cliEnv(['debug', '--project-dir', root, '--json']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ check: 'project file loads', status: 'fail', detail: `${path.join(root, 'backfill.yml')}: not found; run from a project directory or pass --project-dir` });
    expect(lines.slice(1, -1).map((l) => l['status'])).toEqual(Array(9).fill('skip'));
    expect(lines.at(-1)).toEqual({ command: 'debug', status: 'failed', failed: 1, rows: {} });
  });

  it('a pending migration fails its check, exit 1', async () => {
    cliEnv(['init', root]);
    expect(cliEnv(['migrate', '--project-dir', root]).status).toBe(0);
    await query(root, "DELETE FROM backfill.schema_migrations WHERE migration_id = '0009_inserted_at_utc'");
    const r = cliEnv(['debug', '--project-dir', root]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^fail +migrations applied +1 pending \(0009_inserted_at_utc\); run 'backfill migrate --target local'$/m);
  });

  it('an unknown option is bad usage: exit 2', () => {
    cliEnv(['init', root]);
    const r = cliEnv(['debug', '--project-dir', root, '--nope']);
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^error: .*nope/)]);
  });

  describe('postgres', () => {
    const ENV = 'BF_I18_DEBUG_PG_URL';
    const SECRET = 's3cret-never-printed';
    let dir: string;
    let url: string;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const [env, dropDb] = await freshPgDatabase();
      drop = dropDb;
      const u = new URL(process.env[env]!);
      u.password = SECRET; // the test server trusts this role: the password is only there to be never printed
      url = u.toString();
      dir = makeProjectDir({ pgUrlEnv: ENV });
      process.env[ENV] = url;
      const ctx = contextFor(dir, new Date(AS_OF));
      const wh = await openWarehouse(ctx.project, 'test', { ifMissing: 'create' });
      try {
        await migrate(wh, ctx, { createOriginal: true });
      } finally {
        await wh.close();
        delete process.env[ENV];
      }
    });
    afterAll(async () => {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the variable unset: credentials fail naming it, the warehouse checks skipped, exit 1', () => {
      const env = { ...process.env };
      delete env[ENV];
      const r = cliEnv(['debug', '--project-dir', dir], env);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
      expect(checkLines(r)).toEqual(CHECKS.map((c, i) => [i < 3 ? 'ok' : i === 3 ? 'fail' : 'skip', c]));
      expect(r.stdout).toMatch(new RegExp(`^fail +credentials found +${ENV} \\(targets.local.connection_env\\) is not set; export it$`, 'm'));
    });

    it('the variable set: every check ok, exit 0, the URL and its password never printed', () => {
      const r = cliEnv(['debug', '--project-dir', dir, '--debug'], { ...process.env, [ENV]: url });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(checkLines(r)).toEqual(CHECKS.map((c) => ['ok', c]));
      expect(r.stdout).toMatch(new RegExp(`^ok +credentials found +${ENV} is set \\(connection_env\\)$`, 'm'));
      expect(r.stdout).toMatch(/^ok +target selected +local \(type postgres\)$/m);
      expect(r.stdout).not.toContain(SECRET);
      expect(r.stdout).not.toContain(url);
    });

    it('a wrong URL: the connection fails, exit 1, the password not printed', () => {
      const bad = new URL(url);
      bad.port = '1';
      const r = cliEnv(['debug', '--project-dir', dir], { ...process.env, [ENV]: bad.toString() });
      expect(r.status).toBe(1);
      expect(checkLines(r)[4]).toEqual(['fail', 'connection opens']);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    });
  });
});
