/**
 * `npm run build`'s step after tsc: bin/backfill.js's code, dist/cli/main.js and every module it reaches (own and
 * the pure-JS libraries a command's start needs: yargs, zod, yaml, handlebars), bundled by esbuild into one file,
 * dist/cli/backfill.bundle.js. Node then reads and compiles one file instead of ~300 (its module loader was most of
 * `backfill compile`'s start). Each module keeps CommonJS semantics: it runs when first required, so the
 * lazily-required handlers stay lazy. Native, optional and heavy lazily-loaded packages (DuckDB, BigQuery, Postgres,
 * ZetaSQL, ...) stay outside, required from node_modules when a command needs them. The bundle sits two folders
 * below the package root like every dist/<feature>/ module, so `__dirname`-relative paths (PACKAGE_ROOT, the
 * precompiled templates) resolve alike. jest runs src/ itself and never sees it.
 */
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Outside the bundle: native bindings, optional packages, and those only some commands load (lazily). */
export const EXTERNAL = [
  '@duckdb/*',
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

export const BUNDLE_FILE = 'backfill.bundle.js';

if (require.main === module) {
  const cli = path.join(__dirname, '..', 'cli');
  buildSync({
    entryPoints: [path.join(cli, 'main.js')],
    outfile: path.join(cli, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    logLevel: 'warning',
    legalComments: 'none',
  });
}
