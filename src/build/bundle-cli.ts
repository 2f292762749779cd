/**
 * `npm run build`'s step after tsc: dist/cli/main.js and every module it reaches (own, and the pure-JS libraries a
 * command's start needs: yargs, zod, yaml, handlebars), bundled by esbuild into one file, dist/cli/backfill.bundle.js,
 * with V8's code cache for it beside it. Node then reads one file, compiled from the cache, instead of resolving,
 * reading and compiling ~300 (its module loader was most of `backfill compile`'s start). Each module keeps CommonJS
 * semantics: it runs when first required, so the lazily-required handlers stay lazy (DuckDB's JavaScript among
 * them). Native bindings, optional and lazily-loaded heavy packages (BigQuery, Postgres, ZetaSQL, ...) stay outside,
 * required from node_modules by the commands that need them. The bundle sits two folders below the package root like every dist/<feature>/
 * module, so `__dirname`-relative paths (PACKAGE_ROOT, the precompiled templates) resolve alike. bin/backfill.js
 * loads it (src/build/load-bundle.js's logic); jest runs src/ itself and never sees it.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { build, type Plugin } from 'esbuild';
import { CODE_CACHE, HELP_CODE_CACHE, loadBundle, WAREHOUSE_CODE_CACHE } from './load-bundle';

/**
 * Outside the bundle: native bindings, optional packages, and those only some commands load (lazily). DuckDB's
 * JavaScript (@duckdb/node-api, @duckdb/node-bindings' loader, detect-libc) is inside: ~180 modules that cost a run
 * ~70 ms to resolve and compile, run only when a command opens a DuckDB file. Its native binding (`*.node`, in
 * the platform's @duckdb/node-bindings-<platform> package) stays outside, loaded from node_modules.
 */
export const EXTERNAL = [
  '@duckdb/node-bindings-*',
  '@google-cloud/*',
  '@fivetrandevelopers/*',
  'pg',
  'pg-native',
  'pg-copy-streams',
  'knex',
  'sql-formatter',
  'cli-progress',
  'playwright-core',
  'sql-parser-cst',
  '*.node',
];

/**
 * zod's `z.locales` (and `z.core.locales`) requires its ~50 translations of the error messages (~0.5 MB) at load; backfill uses the English
 * one only (zod's default, set at load), so in the bundle they hold `en` alone.
 */
const ZOD_ENGLISH_ONLY: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.cjs$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: path.join(args.resolveDir, '..', 'locales', 'index.cjs'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst m = require("./en.cjs");\nexports.en = (m && m.__esModule ? m : { default: m }).default;\n`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * yargs requires node's `assert` for checks of its own (`notStrictEqual`, `strictEqual`; one runs in every start,
 * on the package.json it finds), and node loads `assert` with its error formatting: ~2-3 ms of every command's
 * start. In the bundle, yargs' `assert` makes those two comparisons itself (Object.is, as node's do) and loads
 * node's only to throw its error, or for any other function.
 */
const YARGS_LAZY_ASSERT: Plugin = {
  name: 'yargs-lazy-assert',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert$/ }, (args) => (/[\\/]node_modules[\\/]yargs[\\/]/.test(args.importer) ? { path: 'assert', namespace: 'lazy-assert' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: [
        '"use strict";',
        'let node;',
        'const load = () => (node ??= require("node:assert"));',
        'module.exports = (...a) => load()(...a);',
        `for (const k of ${JSON.stringify(assertFunctions())}) module.exports[k] = (...a) => load()[k](...a);`,
        'module.exports.strictEqual = (a, b, m) => { if (!Object.is(a, b)) load().strictEqual(a, b, m); };',
        'module.exports.notStrictEqual = (a, b, m) => { if (Object.is(a, b)) load().notStrictEqual(a, b, m); };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** The names of node's `assert` functions (its classes aside). */
function assertFunctions(): string[] {
  const a = require('node:assert') as Record<string, unknown>;
  return Object.keys(a).filter((k) => typeof a[k] === 'function' && !/^[A-Z]/.test(k));
}

async function bundle(): Promise<void> {
  const cli = path.join(__dirname, '..', 'cli');
  const outfile = path.join(cli, 'backfill.bundle.js');
  for (const cache of [HELP_CODE_CACHE, CODE_CACHE, WAREHOUSE_CODE_CACHE]) fs.rmSync(cache, { force: true });
  await build({
    entryPoints: [path.join(cli, 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [ZOD_ENGLISH_ONLY, YARGS_LAZY_ASSERT],
    logLevel: 'warning',
    legalComments: 'none',
  });
  fs.writeFileSync(outfile, asciiOnly(fs.readFileSync(outfile, 'utf8')));
  await writeCodeCache();
}

/**
 * The bundle in ASCII, so that node reads it as one-byte text (src/build/load-bundle.ts reads it as latin1, a copy
 * of the bytes): one non-ASCII character makes V8 hold the whole ~3 MB as two-byte text, read ~15 ms slower.
 * esbuild escapes non-ASCII in the code itself (its default charset) but keeps the comments it keeps as written;
 * those characters are written as `\uXXXX`, which in a comment changes nothing.
 */
export function asciiOnly(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * V8's code caches of the bundle after a warm-up, so that the functions a command's start runs are in it compiled,
 * not only the bundle's top level: HELP_CODE_CACHE after `--help`; CODE_CACHE after `init` and `compile` of a
 * scratch project too; WAREHOUSE_CODE_CACHE after `migrate` and two `run`s of it too (src/build/load-bundle.ts picks
 * one per command line). Their output is discarded.
 */
async function writeCodeCache(): Promise<void> {
  const loaded = loadBundle(null);
  if (!loaded) throw new Error(`bundle-cli: the bundle was not written`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-warmup-'));
  const write = process.stdout.write;
  const quiet = { stdout: () => undefined, stderr: () => undefined };
  try {
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const project = path.join(dir, 'project');
    const at = ['--project-dir', project];
    for (const argv of [['--help'], ['compile', '--help']]) await loaded.cli.main(argv, quiet);
    fs.writeFileSync(HELP_CODE_CACHE, loaded.script.createCachedData());
    for (const argv of [['init', project], ['compile', ...at]]) await loaded.cli.main(argv, quiet);
    fs.writeFileSync(CODE_CACHE, loaded.script.createCachedData());
    // A run on the scratch project's DuckDB file (its first, then an incremental one): the driver and the run's
    // code compiled too. Without DuckDB's native binding on this platform they fail: the cache has less in it.
    for (const argv of [['migrate', ...at], ['run', ...at], ['run', ...at]]) await loaded.cli.main(argv, quiet);
    fs.writeFileSync(WAREHOUSE_CODE_CACHE, loaded.script.createCachedData());
  } finally {
    process.stdout.write = write;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  bundle().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
