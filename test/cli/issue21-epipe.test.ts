/**
 * Issue 21: output to a closed pipe ends quietly. The real binary is spawned with its standard output (or error)
 * read by a pipe closed before it writes, as `backfill … | head -1` does; no "EPIPE … Unhandled 'error' event", and
 * the command's own exit code.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../helpers/cli';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-i21-epipe-'));
  fs.writeFileSync(path.join(dir, 'backfill.yml'), ['name: pipe', 'target: local', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }', ''].join('\n'));
  fs.mkdirSync(path.join(dir, 'models'));
  // ~1,000 lines of `ls` (well over a pipe's 64 KiB buffer).
  for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(dir, 'models', `model_with_a_long_name_${i}.sql`), `{{config event_name="SomeRatherLongEventName${i}"}}\nselect event_id from {{events}}\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Spawns the binary with `closed` ('stdout' or 'stderr') read by a pipe closed at once; the other is collected. */
function withClosedPipe(args: readonly string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; other: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--project-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() });
    child[closed].destroy();
    let other = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => (other += d.toString()));
    child.on('close', (code) => resolve({ code, other }));
  });
}

describe('a closed pipe', () => {
  it.each([[['ls']], [['ls', '--json']], [['--help']], [['run-operation', 'update_event_data', '--help']]])('stdout closed: %j exits 0, nothing on stderr', async (args) => {
    const r = await withClosedPipe(args, 'stdout');
    expect(r.other).toBe('');
    expect(r.code).toBe(0);
  });

  it('stderr closed (`2>&1 | head`): a usage error still exits 2, without a crash on stdout', async () => {
    const r = await withClosedPipe(['ls', '-s', 'nope'], 'stderr');
    expect(r.other).toBe('');
    expect(r.code).toBe(2);
  });

  it('`backfill ls | head -1` in a shell: the header line, exit 0, no EPIPE', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ls --project-dir "${dir}" | head -1; echo "exit=\${PIPESTATUS:-}"`], { encoding: 'utf8' });
    expect(r.stdout.split('\n')[0]).toMatch(/^MODEL\s+STAGE TABLE\s+EVENT NAME\s+TAGS$/);
    expect(r.stderr).toBe('');
    const direct = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" ls --project-dir "${dir}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(direct.stderr).toBe('');
    expect(direct.stdout.trim()).toBe('0');
  });
});
