/**
 * Issue 22, the CLI as a process: what `backfill run` skips or asks early to start sooner still happens. Its ledger
 * entry names the project's git commit (asked for by a `git` of its own while the warehouse opens), and a run
 * whose migrations are due is still refused, before anything is written.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, OPERATIONS, query, removeDir, seededProject, snapshot } from '../helpers/cli';
import { withDb } from '../helpers/cli';

let dir: string | undefined;
afterEach(() => removeDir(dir));

const git = (cwd: string, args: readonly string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

describe('backfill run', () => {
  it("records the project's git commit in its ledger entry, start and finish", async () => {
    dir = await seededProject();
    git(dir, ['init', '-q']);
    git(dir, ['add', 'backfill.yml', 'models']);
    git(dir, ['commit', '-q', '-m', 'project']);
    const head = git(dir, ['rev-parse', 'HEAD']);
    const r = cli(dir, ['run', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    const rows = await query(dir, `SELECT command, status, git_commit, finished_at IS NOT NULL AS finished FROM ${OPERATIONS}`);
    expect(rows).toEqual([{ command: 'run', status: 'succeeded', git_commit: head, finished: true }]);
  });

  it('outside a git checkout records no commit', async () => {
    dir = await seededProject();
    expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    expect(await query(dir, `SELECT status, git_commit FROM ${OPERATIONS}`)).toEqual([{ status: 'succeeded', git_commit: null }]);
  });

  it('with a model that does not compile, is refused as before though DuckDB starts opening while it compiles: nothing written', async () => {
    dir = await seededProject();
    fs.writeFileSync(path.join(dir, 'models', 'broken.sql'), '{{#if}}\nSELECT 1\n');
    const before = await snapshot(dir);
    const r = cli(dir, ['run', '--as-of', AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.sql/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('with a migration due, is refused before anything is written (the check is not skipped)', async () => {
    dir = await seededProject();
    await withDb(dir, (q) => q("DELETE FROM backfill.schema_migrations WHERE migration_id = '0011_ledger_event_days'"));
    const before = await snapshot(dir);
    const r = cli(dir, ['run', '--as-of', AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/migrations due \(0011_ledger_event_days: not applied yet\)/);
    expect(await snapshot(dir)).toEqual(before);
  });
});
