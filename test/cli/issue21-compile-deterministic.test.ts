/**
 * Issue 21, "compiled SQL a reviewer can diff": `compile` gives byte-identical output for the same inputs whatever
 * the clock (the operation's id and action time are the placeholders @operation_id and @action_at); what an
 * operation runs is the compiled text with them bound; and SPEC §3's order of actions still holds for operations
 * run later (the same one twice, and two in the same second).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, EXC, EXCL, query, seededCopies, skewedCli, type CliResult } from '../helpers/cli';

const EXCLUDE_C1 = '{stage_table_name: card_shipped, event_id: c1}';
const CORRECT_C1 = '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Lost}}';
const DAY_MS = 86_400_000;

function ok(r: CliResult): CliResult {
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r;
}

/** Every file under `dir` (relative path → content). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, f);
    if (fs.statSync(file).isFile()) out[f] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

describe('compile: the same inputs give the same bytes', () => {
  let dir: string;
  seededCopies((d) => (dir = d));

  it('compile run-operation, backfill files and compile run are byte-identical under clocks a day and a half apart', () => {
    fs.mkdirSync(path.join(dir, 'backfills'));
    fs.writeFileSync(path.join(dir, 'backfills', '2026-11-23_lost.yml'), `macro: update_event_data\nargs: ${CORRECT_C1}\ndescription: lost in transit\nauthor: ana@example.com\n`);
    fs.writeFileSync(path.join(dir, 'backfills', '2026-11-23_test.yml'), `macro: add_duplicates_to_exclusions\nargs: ${EXCLUDE_C1}\ndescription: a test event\nauthor: ana@example.com\n`);
    const compileAt = (skew: number): { stdout: string[]; files: Record<string, string> } => {
      fs.rmSync(path.join(dir, 'target'), { recursive: true, force: true });
      const stdout = [
        ['compile', 'run-operation', 'add_duplicates_to_exclusions', '--args', EXCLUDE_C1, '--as-of', AS_OF],
        ['compile', 'run-operation', 'remove_duplicates_by_event_id', '--args', '{stage_table_name: card_shipped}', '--as-of', AS_OF],
        ['compile', '--as-of', AS_OF],
        ['compile', 'run', '--days', '2026-11-20..2026-11-23', '--as-of', AS_OF],
        ['compile', 'run', '--full-refresh', '--as-of', AS_OF],
      ].map((args) => ok(skewedCli(dir, args, skew)).stdout);
      return { stdout, files: tree(path.join(dir, 'target', 'compiled')) };
    };
    const first = compileAt(0);
    const second = compileAt(-1.5 * DAY_MS);
    expect(second).toEqual(first);
    const files = Object.keys(first.files);
    expect(files).toEqual(expect.arrayContaining([path.join('local', 'backfills', '2026-11-23_lost.sql'), path.join('local', 'operations', 'remove_duplicates_by_event_id.sql')]));
    expect(files.filter((f) => f.startsWith(path.join('local', 'run')))).toHaveLength(2);
    const backfill = first.files[path.join('local', 'backfills', '2026-11-23_test.sql')]!;
    expect(backfill).toMatch(/^\s+@action_at,$/m);
    expect(backfill).toMatch(/^\s+@operation_id$/m);
    expect(Object.values(first.files).join('\n')).not.toMatch(/AND TRUE/);
  });

  it('what run-operation runs is the compiled text with @operation_id and @action_at bound', async () => {
    const compiled = ok(cli(dir, ['compile', 'run-operation', 'update_event_data', '--args', CORRECT_C1, '--as-of', AS_OF])).stdout;
    const [summary] = ok(cli(dir, ['run-operation', 'update_event_data', '--args', CORRECT_C1, '--as-of', AS_OF, '--json'])).stdout.trim().split('\n').slice(-1).map((l) => JSON.parse(l) as { operation_id: string });
    const id = summary!.operation_id;
    const [ledger] = await query(dir, `SELECT sql_text FROM backfill.operations WHERE operation_id = '${id}'`);
    const [written] = await query(dir, `SELECT CAST(exception_added_timestamp AS VARCHAR) AS at FROM ${EXC} WHERE operation_id = '${id}'`);
    const ran = String(ledger!['sql_text']);
    const body = compiled.replace(/^--.*\n\n/, '').trimEnd();
    // Binding changes no line: the action time's literal sits on the placeholder's line.
    const literal = ran.split('\n')[body.split('\n').findIndex((l) => /@action_at\b/.test(l))]!.trim().replace(/,$/, '');
    expect(literal).toMatch(/^TIMESTAMP '[^']+'$/);
    expect(new Date(`${literal.slice(11, -1)}Z`).getTime()).toBe(new Date(`${String(written!['at'])}Z`).getTime());
    expect(ran).toBe(body.replace(/@operation_id\b/g, `'${id}'`).replace(/@action_at\b/g, literal));
  });

  it("SPEC §3's order holds for operations run later: in the same second, and the same operation again", async () => {
    const run = (macro: string, args: string): void => void ok(cli(dir, ['run-operation', macro, '--args', args, '--as-of', AS_OF]));
    const status = async (): Promise<unknown[]> => (await query(dir, "SELECT status FROM stage.card_shipped WHERE event_id = 'c1'")).map((r) => r['status']);
    run('update_event_data', CORRECT_C1);
    run('update_event_data', CORRECT_C1.replace('Lost', 'Found'));
    run('update_event_data', CORRECT_C1); // the first one again: the same compiled text, a later action
    ok(cli(dir, ['run', '--as-of', AS_OF]));
    expect(await status()).toEqual(['Lost']);
    run('add_duplicates_to_exclusions', EXCLUDE_C1);
    run('add_duplicates_to_exclusions', EXCLUDE_C1); // nothing left to exclude: writes nothing
    ok(cli(dir, ['run', '--as-of', AS_OF]));
    expect(await status()).toEqual([]);
    // Each action later than the one before it, though the runs had the same as-of.
    const actions = await query(
      dir,
      `SELECT CAST(t AS VARCHAR) AS t, kind FROM (SELECT exception_added_timestamp AS t, 'exception' AS kind FROM ${EXC} UNION ALL SELECT exclusion_added_timestamp, 'exclusion' FROM ${EXCL}) AS actions ORDER BY t`,
    );
    expect(actions.map((a) => a['kind'])).toEqual(['exception', 'exception', 'exception', 'exclusion']);
    expect(new Set(actions.map((a) => a['t'])).size).toBe(4);
  });
});
