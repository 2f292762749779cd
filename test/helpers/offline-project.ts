import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
/** Not from ./project: that loads database clients, which the tests using this one forbid. */
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * A project for commands that never connect (compile, compile run): three targets — `local` (DuckDB, its file never
 * created), `pg` (PostgreSQL, its URL variable unset), `bq` (BigQuery, no credentials) — and some of the repo's models.
 */
export function offlineProject(name: string, models: readonly string[], opts: { defaultTarget?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `backfill-${name}-`));
  fs.writeFileSync(
    path.join(dir, 'backfill.yml'),
    [
      `name: ${name.replace(/-/g, '_')}`,
      ...(opts.defaultTarget ? [`target: ${opts.defaultTarget}`] : []),
      'targets:',
      '  local: { type: duckdb, path: warehouse.duckdb }',
      '  pg: { type: postgres, connection_env: BACKFILL_NO_SUCH_URL }',
      '  bq: { type: bigquery, project: dw-test-project }',
      '',
    ].join('\n'),
  );
  fs.mkdirSync(path.join(dir, 'models'));
  for (const m of models) fs.copyFileSync(path.join(REPO_ROOT, 'models', `${m}.sql`), path.join(dir, 'models', `${m}.sql`));
  return dir;
}

/** The CLI run in this process on a project dir (its drivers as the test file mocks them): exit code and output. */
export async function backfillIn(dir: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = require('../../src/cli/main') as typeof import('../../src/cli/main');
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--project-dir', dir], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}
