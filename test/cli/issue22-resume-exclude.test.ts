/**
 * Issue 21's leftover: `backfill resume <id> --exclude …` (run's selectors) finishes a killed run without the models
 * it leaves out, which keep their stage tables until the next run; a bad selector is refused before anything opens.
 */
import { AS_OF, cli, copyProject, expectUsageError, jsonLines, killAfterBatches, query, removeDir, sampleProject } from '../helpers/cli';

let seeded: string;
beforeAll(async () => {
  seeded = await sampleProject({ seed: 12, count: 2000, days: 30 });
});
afterAll(() => removeDir(seeded));

it('a killed full refresh of two models resumed with --exclude: only the other model is finished', async () => {
  const dir = copyProject(seeded);
  try {
    const reference = await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id');
    await query(dir, "UPDATE stage.card_shipped SET status = 'old'");
    await query(dir, 'UPDATE stage.payment_completed SET amount = -1');
    const payments = await query(dir, 'SELECT * FROM stage.payment_completed ORDER BY event_id');
    // Models run in name order: card_shipped's batches first, so the kill leaves payment_completed not started.
    await killAfterBatches(dir, ['run', '--full-refresh', '--as-of', AS_OF, '--vars', '{batch_days: 1}'], 3);
    const [op] = await query(dir, "SELECT operation_id FROM backfill.operations WHERE command = 'run' ORDER BY started_at DESC LIMIT 1");
    const id = String(op!['operation_id']);

    // Refused, one line naming the option, nothing resumed (the entry is still not finished).
    expectUsageError(cli(dir, ['resume', id, '--exclude', 'paymnt_completed']), /^error: --exclude: no model named 'paymnt_completed'; did you mean 'payment_completed'\?/);
    expectUsageError(cli(dir, ['resume', id, '--exclude', '*']), /^error: --exclude: removes every selected model/);
    expect((await query(dir, `SELECT status FROM backfill.operations WHERE operation_id = '${id}'`))[0]!['status']).toBe('running');

    const ok = cli(dir, ['resume', id, '--exclude', 'payment*', '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const models = jsonLines(ok).filter((l) => typeof l['model'] === 'string' && !('batch' in l)).map((l) => l['model']);
    expect(models).toEqual(['card_shipped']);
    expect(await query(dir, 'SELECT * FROM stage.card_shipped ORDER BY event_id')).toEqual(reference);
    expect(await query(dir, 'SELECT * FROM stage.payment_completed ORDER BY event_id')).toEqual(payments);
    expect((await query(dir, `SELECT status FROM backfill.operations WHERE operation_id = '${id}'`))[0]!['status']).toBe('succeeded');
  } finally {
    removeDir(dir);
  }
});

it('--exclude on a batched run-operation: exit 2, there are no models to leave out', async () => {
  const dir = copyProject(seeded);
  try {
    await killAfterBatches(dir, ['run-operation', 'remove_duplicates_by_event_id', '--args', '{stage_table_name: card_shipped, lookback_days: 30}', '--as-of', AS_OF, '--vars', '{batch_days: 1}'], 2);
    const [op] = await query(dir, "SELECT operation_id FROM backfill.operations WHERE command = 'run-operation' ORDER BY started_at DESC LIMIT 1");
    expectUsageError(cli(dir, ['resume', String(op!['operation_id']), '--exclude', 'card_shipped']), /^error: --exclude: operation \S+ is a batched run-operation \(remove_duplicates_by_event_id\), not a run/);
  } finally {
    removeDir(dir);
  }
});
