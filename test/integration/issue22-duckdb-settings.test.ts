/**
 * Issue 22: a DuckDB target's `memory_limit` and `threads` (backfill.yml) reach DuckDB, and a bad value is refused
 * with exit 2 before anything is opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse } from '../../src/targets/registry';
import { cli, expectUsageError, removeDir } from '../helpers/cli';
import { makeProjectDir } from '../helpers/project';
import { loadProject } from '../../src/config/load';

const yml = (target: string): string => ['name: test_project', 'target: local', 'targets:', `  local: { type: duckdb, path: warehouse.duckdb${target} }`, ''].join('\n');

let dir: string | undefined;
afterEach(() => removeDir(dir));

describe('a DuckDB target: memory_limit and threads', () => {
  it('passes both to the DuckDB instance', async () => {
    dir = makeProjectDir({ yml: yml(', memory_limit: 512MiB, threads: 1') });
    const wh = await openWarehouse(loadProject({ projectDir: dir }), 'issue22 test', { ifMissing: 'create' });
    try {
      const got = await wh.run({ sql: "SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t", params: {} });
      expect(got.rows).toEqual([{ m: '512.0 MiB', t: '1' }]);
    } finally {
      await wh.close();
    }
  });

  it("keeps DuckDB's own defaults when neither is set", async () => {
    dir = makeProjectDir({ yml: yml('') });
    const wh = await openWarehouse(loadProject({ projectDir: dir }), 'issue22 test', { ifMissing: 'create' });
    try {
      const got = await wh.run({ sql: "SELECT current_setting('memory_limit') AS m", params: {} });
      expect(String(got.rows[0]!['m'])).not.toBe('512.0 MiB');
    } finally {
      await wh.close();
    }
  });

  it.each([
    ['a size without a unit', ', memory_limit: 4096', /targets\.local\.memory_limit\b/, /'4GB'/],
    ['a size with an unknown unit', ', memory_limit: 4 gallons', /targets\.local\.memory_limit\b/, /'4GB'/],
    ['a negative size', ', memory_limit: -1GB', /targets\.local\.memory_limit\b/, /'4GB'/],
    ['zero threads', ', threads: 0', /targets\.local\.threads\b/, /at least 1/],
    ['fractional threads', ', threads: 1.5', /targets\.local\.threads\b/, /whole number/],
    ['threads as text', ', threads: many', /targets\.local\.threads\b/, /whole number/],
  ])('refuses %s with exit 2 and opens nothing', (_name, extra, field, fix) => {
    dir = makeProjectDir({ yml: yml(extra) });
    expectUsageError(cli(dir, ['migrate']), field, fix);
    expect(fs.existsSync(path.join(dir, 'warehouse.duckdb'))).toBe(false);
  });
});
