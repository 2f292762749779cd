/** SIGKILL in the middle of a batched full refresh: the stage table stays as it was, and `resume` finishes it. */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, copyProject, expectUsageError, jsonLines, killAfterBatches, query, removeDir, sampleProject } from '../helpers/cli';

let seeded: string;
beforeAll(async () => {
  seeded = await sampleProject({ seed: 11, count: 3000, days: 40 });
});
afterAll(() => removeDir(seeded));

it('killed after 3 batches: old stage table intact, ledger says running, resume completes with no batch doubled', async () => {
  const dir = copyProject(seeded);
  const reference = copyProject(seeded);
  try {
    expect(cli(reference, ['run', '--full-refresh', '--as-of', AS_OF]).status).toBe(0);
    const expected = await query(reference, 'SELECT * FROM stage.card_shipped ORDER BY event_id');
    await query(dir, "UPDATE stage.card_shipped SET status = 'old'");
    const before = await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id');

    const feed = path.join(dir, 'feed.ndjson');
    await killAfterBatches(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF, '--vars', '{batch_days: 1}', '--changes', feed], 3);
    expect(fs.existsSync(feed)).toBe(false); // nothing is emitted before the swap
    expect(await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id')).toEqual(before);
    const [op] = await query(dir, "SELECT operation_id, status FROM backfill.operations WHERE command = 'run' ORDER BY started_at DESC LIMIT 1");
    expect(op!['status']).toBe('running');
    const id = String(op!['operation_id']);
    const doneBefore = Number((await query(dir, `SELECT COUNT(*) AS n FROM backfill.operation_batches WHERE operation_id = '${id}' AND status = 'done'`))[0]!['n']);
    expect(doneBefore).toBeGreaterThanOrEqual(3);

    const r = cli(dir, ['resume', id, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const resumedBatches = jsonLines(r).filter((l) => 'batch' in l).map((l) => Number(l['batch']));
    expect(resumedBatches[0]).toBe(doneBefore + 1);
    expect(await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id')).toEqual(expected);
    const batches = await query(dir, `SELECT status, row_count FROM backfill.operation_batches WHERE operation_id = '${id}'`);
    expect(batches.every((b) => b['status'] === 'done')).toBe(true);
    expect(batches.reduce((n, b) => n + Number(b['row_count']), 0)).toBe(expected.length);
    // The resumed run keeps feeding the sink it was started with: every row changed ('old' → its status), once.
    const changes = fs.readFileSync(feed, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { doc_id: string; op: string });
    expect(changes.every((c) => c.op === 'UPDATE')).toBe(true);
    expect(changes.map((c) => c.doc_id).sort()).toEqual(expected.map((e) => String(e['event_id'])).sort());
    expectUsageError(cli(dir, ['resume', id]), /finished already/);
  } finally {
    removeDir(dir);
    removeDir(reference);
  }
});
