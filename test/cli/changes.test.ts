/**
 * The change feed through the real binary: `run --changes` to a file and to standard output (the run's lines then
 * go to standard error), `changes status|pause|resume|initial-sync`, and bad sinks refused with exit 2, one line,
 * nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, expectUsageError, seededCopies, snapshot } from '../helpers/cli';

let dir: string;
seededCopies((d) => (dir = d));

const feedOf = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('backfill run --changes / backfill changes', () => {
  it('writes every change of a run to an NDJSON file, nothing on a no-op run, and reports the sink', () => {
    const feed = path.join(dir, 'feed.ndjson');
    const first = cli(dir, ['run', '--as-of', AS_OF, '--changes', feed]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/changes → .*feed\.ndjson: \d+ delivered/);
    const n = feedOf(feed).length;
    expect(n).toBeGreaterThan(0);
    expect(feedOf(feed)[0]).toEqual({ ts: expect.any(Number), doc_type: expect.any(String), doc_id: expect.any(String), op: 'UPDATE', value: expect.any(Object) });
    expect(cli(dir, ['run', '--as-of', AS_OF, '--changes', feed]).status).toBe(0);
    expect(feedOf(feed)).toHaveLength(n);

    const op = cli(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: lost}']);
    expect(op.status).toBe(0);
    // On standard output: only the feed (one JSON object per line); the run's own lines on standard error.
    const out = cli(dir, ['run', '--as-of', AS_OF, '--changes', '-']);
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ doc_type: 'card_shipped', doc_id: 'c1', op: 'UPDATE', value: expect.objectContaining({ status: 'Failed' }) })]);
    expect(out.stderr).toMatch(/run: succeeded/);

    const status = cli(dir, ['changes', 'status', '--json']);
    expect(status.status).toBe(0);
    const sinks = status.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(sinks.map((s) => [s['sink'], s['status'], s['pending']])).toEqual([[feed, 'active', 0], ['stdout', 'active', 0]]);
  });

  it('pause keeps the changes; resume delivers them; initial-sync sends every row to a new sink', () => {
    const feed = path.join(dir, 'feed.ndjson');
    expect(cli(dir, ['run', '--as-of', AS_OF, '--changes', feed]).status).toBe(0);
    const n = feedOf(feed).length;
    expect(cli(dir, ['changes', 'pause', feed]).status).toBe(0);
    cli(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Status: Failed}, description: lost}']);
    const paused = cli(dir, ['run', '--as-of', AS_OF, '--changes', feed]);
    expect(paused.status).toBe(0);
    expect(paused.stdout).toMatch(/paused, 1 kept/);
    expect(feedOf(feed)).toHaveLength(n);
    const resumed = cli(dir, ['changes', 'resume', feed]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/1 delivered/);
    expect(feedOf(feed)).toHaveLength(n + 1);

    const fresh = path.join(dir, 'consumer.ndjson');
    const sync = cli(dir, ['changes', 'initial-sync', fresh, '--select', 'card_shipped', '--as-of', AS_OF]);
    expect(sync.status).toBe(0);
    expect(sync.stdout).toMatch(/initial sync → .*card_shipped \d+ rows/);
    expect(feedOf(fresh).every((c) => c['op'] === 'UPDATE' && c['doc_type'] === 'card_shipped')).toBe(true);
  });

  it('refuses bad sinks with exit 2, one line, and writes nothing', async () => {
    const before = await snapshot(dir);
    expectUsageError(cli(dir, ['run', '--as-of', AS_OF, '--changes', "pubsub://x'; DROP TABLE y"]), /Pub\/Sub topic id/);
    expectUsageError(cli(dir, ['run', '--as-of', AS_OF, '--changes', 'pubsub://stage-changes']), /changes\.pubsub_project/);
    expectUsageError(cli(dir, ['changes', 'pause']), /name the sink/);
    expectUsageError(cli(dir, ['changes', 'explode', 'x']), /action|Choices/i);
    expectUsageError(cli(dir, ['changes', 'initial-sync', 'f.ndjson', '--select', 'nope']), /no model named 'nope'/);
    expect(await snapshot(dir)).toEqual(before);
  });
});
