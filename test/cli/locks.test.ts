/** DuckDB: one process at a time holds the file; a second waits the configured time, then exits 1 naming the holder. */
import { AS_OF, cli, removeDir, seededProject, warehouseFile } from '../helpers/cli';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import { spawn } from 'node:child_process';

/** Another process that opens the DuckDB file and holds it until killed; resolves with its PID once it holds it. */
function holdFile(file: string): Promise<{ pid: number; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('held'); setInterval(() => {}, 1000); })`], { cwd: process.cwd() });
    child.stdout.once('data', () => resolve({ pid: child.pid!, stop: () => child.kill('SIGKILL') }));
    child.on('error', reject);
  });
}

it('a second process waits lock_wait_seconds, then exits 1 naming the PID that holds the file', async () => {
  const dir = await seededProject();
  try {
    // Hold the file from another process (DuckDB's lock is per process, so not from this one).
    const holder = await holdFile(warehouseFile(dir));
    const pid = holder.pid;
    const started = Date.now();
    const r = cli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--vars', '{lock_wait_seconds: 1}', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_id: c1, description: d}']);
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stderr.trim()).toMatch(new RegExp(`^error: .*warehouse\\.duckdb is locked by .*PID ${pid}.*; waited 1s, try again when it has finished$`));
    holder.stop();
    await new Promise((res) => setTimeout(res, 300));
    const wh = await DuckdbDriver.open(warehouseFile(dir));
    expect(Number((await wh.run({ sql: 'SELECT COUNT(*) AS n FROM s3.backend_events_exclusions', params: {} })).rows[0]!['n'])).toBe(0);
    await wh.close();
  } finally {
    removeDir(dir);
  }
});
