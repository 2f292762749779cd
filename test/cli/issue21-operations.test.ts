/**
 * Issue 21: `backfill operations` lists under a header row with author (BY) and description columns and short ids;
 * an unambiguous id prefix is accepted by operations show, revert, resume and repair (ambiguous: exit 2 listing the
 * candidates). DuckDB and PostgreSQL (the prefix is matched in the warehouse).
 */
import fs from 'node:fs';
import { main } from '../../src/cli/main';
import { removeDir, seededProject, withDb } from '../helpers/cli';
import { freshPgDatabase, makeProjectDir } from '../helpers/project';

async function backfill(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--project-dir', dir, '--as-of', '2026-11-23T12:00:00Z'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const lastJson = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').pop()!) as Record<string, unknown>;

describe('operations list and id prefixes (DuckDB)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await seededProject();
  });
  afterAll(() => removeDir(dir));

  it('a header row, short ids, who ran it and the description; a prefix for show and revert', async () => {
    const op = await backfill(dir, ['run-operation', 'add_duplicates_to_exclusions', '--json', '--args', '{stage_table_name: card_shipped, event_id: c2, description: "duplicate   delivery\nof c2"}']);
    expect(op.code).toBe(0);
    const id = String(lastJson(op.stdout)['operation_id']);
    const r = await backfill(dir, ['operations']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+STARTED \(UTC\)\s+STATUS\s+COMMAND\s+BY\s+ROWS\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(new RegExp(`^${id.slice(0, 8)}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  succeeded  run-operation add_duplicates_to_exclusions  \\S+  .*s3\\.backend_events_exclusions \\+1.*  duplicate delivery of c2$`));
    expect(lines[1]).not.toContain(id);

    const show = await backfill(dir, ['operations', 'show', id.slice(0, 6)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`operation_id  ${id}\n`);
    const revert = await backfill(dir, ['revert', id.slice(0, 8)]);
    expect(revert.stderr).toBe('');
    expect(revert.stdout).toContain(`revert ${id}: succeeded`);
  });

  it('no match, a bad prefix, an ambiguous one: exit 2, one line', async () => {
    expect(await backfill(dir, ['operations', 'show', 'ffffffff-0'])).toEqual({ code: 2, stdout: '', stderr: "error: operation 'ffffffff-0' is not in the ledger; list operations with 'backfill operations'\n" });
    expect((await backfill(dir, ['revert', 'abc%'])).stderr).toBe("error: operation 'abc%' is not in the ledger; list operations with 'backfill operations'\n");
    // Two entries sharing a prefix (random ids rarely do): two ids rewritten by hand.
    await backfill(dir, ['run']);
    await backfill(dir, ['run']);
    await withDb(dir, (q) => q("UPDATE backfill.operations SET operation_id = 'abcd' || substr(operation_id, 5) WHERE command = 'run'"));
    const prefix = 'abcd';
    const r = await backfill(dir, ['resume', prefix]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: operation id '${prefix}' is ambiguous: ${prefix}\\S+, ${prefix}\\S+.*; give more characters\\n$`));
    const repair = await backfill(dir, ['operations', 'repair', prefix, '--mark-failed']);
    expect(repair.code).toBe(2);
    expect(repair.stderr).toContain('is ambiguous');
  });
});

describe('operations and id prefixes (PostgreSQL)', () => {
  let dir: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const [env, dropDb] = await freshPgDatabase();
    drop = dropDb;
    dir = makeProjectDir({ pgUrlEnv: env });
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists under the header; show and resume take a prefix, matched in the warehouse', async () => {
    const m = await backfill(dir, ['migrate', '--create-original']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    const run = await backfill(dir, ['run', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = String(lastJson(run.stdout)['operation_id']);
    const list = await backfill(dir, ['operations']);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+STARTED \(UTC\)\s+STATUS\s+COMMAND\s+BY\s+ROWS\s+DESCRIPTION$/);
    expect(list.stdout.split('\n')[1]).toMatch(new RegExp(`^${id.slice(0, 8)}  .*succeeded  run `));
    const show = await backfill(dir, ['operations', 'show', id.slice(0, 5).toUpperCase()]);
    expect(show.stderr).toBe('');
    expect(show.stdout).toContain(`operation_id  ${id}\n`);
    const resume = await backfill(dir, ['resume', id.slice(0, 8)]);
    expect(resume.stderr).not.toContain('not in the ledger');
    expect(resume.stderr).not.toContain('ambiguous');
  });
});
