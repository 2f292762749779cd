/**
 * Issue 22, the CLI as a process: `backfill --help` loads the command table only (names, descriptions, options),
 * `backfill compile` its own handler and what compiling needs, never another command's handler, a warehouse
 * driver, a cloud SDK or a terminal widget. Checked on the modules the spawned process has loaded when it exits.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, cli } from '../helpers/cli';
import { backfillIn, offlineProject } from '../helpers/offline-project';

const DIST = path.join(path.dirname(BIN), '..', 'dist');

/**
 * What a command line loads: its exit code, the packages, and the package's own modules (relative to dist/). By
 * default the modules tsc wrote, dist/cli/main.js as bin/backfill.js would run it unbundled: the bundle keeps each
 * module's CommonJS laziness but hides it from require.cache. `bin` runs the real binary (the build's bundle).
 */
function loads(args: readonly string[], bin = false): { status: number | null; stdout: string; files: string[]; packages: string[]; own: string[]; native: string[]; builtins: string[] } {
  const start = bin ? `require(${JSON.stringify(BIN)});` : `require(${JSON.stringify(path.join(DIST, 'cli', 'main.js'))}).main(process.argv.slice(2)).then((c) => { process.exitCode = c; });`;
  const script = [
    "process.on('exit', () => require('fs').writeSync(3, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));",
    `process.argv = [process.argv[0], 'backfill', ...${JSON.stringify(args)}];`,
    start,
  ].join('\n');
  const res = spawnSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 30_000 });
  const { files, builtins } = JSON.parse(String(res.output[3])) as { files: string[]; builtins: string[] };
  const packageOf = (f: string): string => {
    const rest = f.split(`node_modules${path.sep}`).pop()!.split(path.sep);
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  };
  const packages = [...new Set(files.filter((f) => f.includes(`node_modules${path.sep}`)).map(packageOf))].sort();
  const own = files.filter((f) => f.startsWith(DIST + path.sep)).map((f) => path.relative(DIST, f).split(path.sep).join('/'));
  // Native bindings by their package: the bundle holds DuckDB's JavaScript, so only its binding shows it loaded.
  const native = files.filter((f) => f.endsWith('.node')).map(packageOf);
  return { status: res.status, stdout: res.stdout, files, packages, own, native, builtins };
}

/** Drivers, SDKs and widgets that no command loads before it needs them. */
const HEAVY = ['@duckdb/node-api', '@google-cloud/bigquery', '@google-cloud/pubsub', 'pg', 'pg-copy-streams', 'knex', '@fivetrandevelopers/zetasql', 'cli-table3', 'cli-progress'];
/** What compiling needs, and --help does not. */
const COMPILING = ['zod', 'yaml', 'handlebars', 'sql-formatter'];

let dir: string;
beforeAll(() => {
  dir = offlineProject('loads', ['card_shipped', 'payment_completed']);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('what a command loads', () => {
  it('--help: yargs and the command table; no schema library, template engine, YAML parser, handler or driver', () => {
    const r = loads(['--help']);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => [...HEAVY, ...COMPILING].includes(p))).toEqual([]);
    expect(r.packages).toContain('yargs');
    expect(r.own.filter((f) => f.startsWith('cli/handlers/'))).toEqual([]);
    // The command table and the CLI's own plumbing only: nothing of the compiler, the rebuild or the ledger.
    expect(r.own.filter((f) => !f.startsWith('cli/')).sort()).toEqual(['compiler/package-root.js', 'errors.js', 'fs/safe-write.js', 'generate/sample-days.js', 'suggest.js']);
    expect(r.own).toContain('cli/commands/run.js');
  });

  it('yargs as a factory: its main module, which parses process.argv into a singleton at load, is not loaded', () => {
    const r = loads(['compile', '-t', 'local', '--project-dir', dir]);
    expect(r.status).toBe(0);
    const yargsFiles = r.files.filter((f) => f.includes(`node_modules${path.sep}yargs${path.sep}`)).map((f) => f.split(`node_modules${path.sep}yargs${path.sep}`)[1]!.split(path.sep).join('/'));
    expect(yargsFiles).toContain('yargs.cjs');
    expect(yargsFiles).not.toContain('index.cjs');
  });

  it('run --help: the options of run, still without its handler', () => {
    const r = loads(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => [...HEAVY, ...COMPILING].includes(p))).toEqual([]);
    expect(r.own.filter((f) => f.startsWith('cli/handlers/'))).toEqual([]);
  });

  it.each(['local', 'pg', 'bq'])('compile -t %s: its own handler and the precompiled templates; no driver, SDK or other handler', (target) => {
    const r = loads(['compile', '-t', target, '--project-dir', dir]);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(r.own.filter((f) => f.startsWith('cli/handlers/'))).toEqual(['cli/handlers/compile.js']);
    // The package's templates as the build compiled them (no parse of its macros and migrations at run time).
    expect(r.own).toContain('compiler/precompiled-templates.js');
    expect(r.own.filter((f) => /^(targets\/[a-z]+\/[a-z]+-driver|zetasql\/|emulator\/|report\/|import\/|changes\/outbox)/.test(f))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'target', 'compiled', target, 'models')).sort()).toEqual(['card_shipped.sql', 'payment_completed.sql']);
  });
});

describe('the binary runs the build\'s bundle', () => {
  it.each([[['--help']], [['compile', '-t', 'bq']]])('%j: the bundle and no driver, SDK or widget', (args) => {
    const r = loads(args[0] === 'compile' ? [...args, '--project-dir', dir] : args, true);
    expect(r.status).toBe(0);
    expect(r.own).toContain('cli/backfill.bundle.js');
    expect(r.own).not.toContain('cli/main.js');
    expect(r.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(r.native).toEqual([]);
  });

  it('compile -t local: DuckDB (bundled JavaScript and all) is not loaded', () => {
    const r = loads(['compile', '-t', 'local', '--project-dir', dir], true);
    expect(r.status).toBe(0);
    expect(r.native).toEqual([]);
  });

  it.each([[['--help']], [['compile', '-t', 'local']]])('%j: node\'s assert is not loaded (yargs\' own checks pass without it)', (args) => {
    // bin/backfill.js as the main module, as a shell runs it (yargs looks for package.json from the main module's folder).
    const report = path.join(dir, 'report-builtins.js');
    fs.writeFileSync(report, "process.on('exit', () => require('fs').writeSync(3, JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)))));\n");
    const res = spawnSync(process.execPath, ['-r', report, BIN, ...args, ...(args[0] === 'compile' ? ['--project-dir', dir] : [])], { cwd: os.tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 30_000 });
    expect(res.status).toBe(0);
    const builtins = JSON.parse(String(res.output[3])) as string[];
    expect(builtins).toContain('fs');
    expect(builtins).not.toContain('assert');
  });

  it('migrate and run: DuckDB\'s JavaScript from the bundle, its native binding from node_modules; the run is recorded', () => {
    const p = offlineProject('loads-run', ['card_shipped']);
    try {
      expect(loads(['migrate', '--project-dir', p], true).status).toBe(0);
      const r = loads(['run', '--project-dir', p], true);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^run: succeeded, operation [0-9a-f-]{36}$/m);
      expect(r.packages.filter((x) => x.startsWith('@duckdb/'))).toEqual([`@duckdb/node-bindings-${process.platform}-${process.arch}`]);
      expect(r.native).toEqual([`@duckdb/node-bindings-${process.platform}-${process.arch}`]);
      expect(r.own).not.toContain('cli/main.js');
      const ops = loads(['operations', '--json', '--project-dir', p], true);
      expect(ops.status).toBe(0);
      expect(ops.stdout).toContain('succeeded');
    } finally {
      fs.rmSync(p, { recursive: true, force: true });
    }
  });
});

describe('which code cache a command line reads', () => {
  const { CODE_CACHE, HELP_CODE_CACHE, WAREHOUSE_CODE_CACHE, codeCacheFor } = require(path.join(DIST, 'build', 'load-bundle.js')) as typeof import('../../src/build/load-bundle');
  // A command word after global options is not looked for: the smallest cache, only slower.
  it.each([[[]], [['--help']], [['--version']], [['run', '--help']], [['compile', '-h']], [['--project-dir', 'x', 'run']]])('%j: the help\'s', (argv) => {
    expect(codeCacheFor(argv)).toBe(HELP_CODE_CACHE);
  });
  it.each([[['compile', '-t', 'bq']], [['init', 'x']], [['lint']]])('%j: the offline commands\'', (argv) => {
    expect(codeCacheFor(argv)).toBe(CODE_CACHE);
  });
  it.each([[['run']], [['run', '--full-refresh']], [['migrate']], [['apply', 'x']], [['operations']]])('%j: the warehouse commands\'', (argv) => {
    expect(codeCacheFor(argv)).toBe(WAREHOUSE_CODE_CACHE);
  });
  it.each([['HELP_CODE_CACHE'], ['CODE_CACHE'], ['WAREHOUSE_CODE_CACHE']])('V8 accepts %s for the bundle', (name) => {
    const script = `const b = require(${JSON.stringify(path.join(DIST, 'build', 'load-bundle.js'))}); process.stdout.write(String(b.loadBundle(b[${JSON.stringify(name)}]).script.cachedDataRejected));`;
    const res = spawnSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 30_000 });
    expect(res.stdout).toBe('false');
  });

  it('the bundle is ASCII (read as one-byte text)', () => {
    const bytes = fs.readFileSync(path.join(DIST, 'cli', 'backfill.bundle.js'));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('the build wrote all three', () => {
    expect(fs.statSync(CODE_CACHE).size).toBeGreaterThan(fs.statSync(HELP_CODE_CACHE).size);
    expect(fs.statSync(WAREHOUSE_CODE_CACHE).size).toBeGreaterThan(fs.statSync(CODE_CACHE).size);
  });
});

/** Every file under `root`, relative, with its text. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(root, f);
    if (fs.statSync(file).isFile()) out[f] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

it('the precompiled templates compile to the same SQL as templates compiled at run time (ts-jest runs src/, unbuilt)', async () => {
  const built = offlineProject('precompiled', ['card_shipped', 'payment_completed']);
  const runtime = offlineProject('runtime', ['card_shipped', 'payment_completed']);
  try {
    for (const target of ['local', 'pg', 'bq']) {
      for (const args of [['compile'], ['compile', 'run', '--full-refresh'], ['compile', 'run', '--days', '2026-11-01..2026-11-03']]) {
        expect(cli(built, [...args, '-t', target]).status).toBe(0);
        expect((await backfillIn(runtime, [...args, '-t', target])).code).toBe(0);
      }
    }
    const files = tree(path.join(built, 'target', 'compiled'));
    expect(Object.keys(files).length).toBeGreaterThan(30);
    expect(tree(path.join(runtime, 'target', 'compiled'))).toEqual(files);
  } finally {
    fs.rmSync(built, { recursive: true, force: true });
    fs.rmSync(runtime, { recursive: true, force: true });
  }
});
