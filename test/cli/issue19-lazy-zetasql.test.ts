/**
 * The ZetaSQL package (~110 MB, an optional dependency) is loaded only by the commands that analyze SQL: without
 * it, compile and --help work, and `lint` says in one line how to install it (exit 2).
 */
jest.mock('@fivetrandevelopers/zetasql', () => {
  throw Object.assign(new Error("Cannot find module '@fivetrandevelopers/zetasql'"), { code: 'MODULE_NOT_FOUND' });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-nozetasql-'));
  fs.writeFileSync(path.join(dir, 'backfill.yml'), ['name: no_zetasql', 'targets:', '  bq: { type: bigquery, project: dw-test-project }', ''].join('\n'));
  fs.mkdirSync(path.join(dir, 'models'));
  fs.writeFileSync(path.join(dir, 'fix.sql'), 'SELECT 1');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main([...args, '--project-dir', dir], { stdout: () => undefined, stderr: (s) => (stderr += s) });
  return { code, stderr };
}

it('compile and --help run without the package', async () => {
  expect(await run(['compile'])).toEqual({ code: 0, stderr: '' });
  expect((await run(['--help'])).code).toBe(0);
});

it('lint says how to install it', async () => {
  expect(await run(['lint', path.join(dir, 'fix.sql')])).toEqual({ code: 2, stderr: 'error: the ZetaSQL analyzer is not installed; run: npm install @fivetrandevelopers/zetasql\n' });
});
