/**
 * Issue 16, item 7: the change feed is ordered by what the warehouse assigns, not by the clock of the host that ran
 * the rebuild. With the sink paused, a run, an operation and another run from a host whose clock is 120 s behind:
 * on resume the groups arrive in the order they were written, and replaying the whole feed gives the stage table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, query, removeDir, sampleProject, skewedCli } from '../helpers/cli';

interface FeedLine {
  readonly ts: number;
  readonly doc_type: string;
  readonly doc_id: string;
  readonly op: 'UPDATE' | 'DELETE';
  readonly value: Record<string, unknown>;
}

const feedOf = (file: string): FeedLine[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as FeedLine);

/** The feed applied in the order it was delivered, as a consumer would: doc_type → doc_id → row. */
function replay(lines: readonly FeedLine[]): Map<string, Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Map<string, Record<string, unknown>>>();
  for (const c of lines) {
    const table = docs.get(c.doc_type) ?? new Map<string, Record<string, unknown>>();
    docs.set(c.doc_type, table);
    if (c.op === 'DELETE') table.delete(c.doc_id);
    else table.set(c.doc_id, c.value);
  }
  return docs;
}

describe('change feed order with a skewed client clock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await sampleProject({ seed: 16, count: 500, days: 20 });
  });
  afterAll(() => removeDir(dir));

  it('delivers the groups in warehouse order on resume, and the replayed feed equals the stage table', async () => {
    const feed = path.join(dir, 'feed.ndjson');
    // The consumer starts from every row, then the sink is paused.
    expect(cli(dir, ['changes', 'initial-sync', feed, '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    const synced = feedOf(feed).length;
    expect(synced).toBeGreaterThan(50);
    expect(cli(dir, ['changes', 'pause', feed]).status).toBe(0);

    const ids = (await query(dir, 'SELECT event_id FROM stage.card_shipped ORDER BY event_id')).map((r) => String(r['event_id']));
    const some = ids.filter((_, i) => i % 3 === 0);
    const update = (carrier: string): string =>
      JSON.stringify({ stage_table_name: 'card_shipped', event_ids: some, set: { '$.Carrier': carrier }, description: `carrier ${carrier}` });

    // A run on this host, then an operation, then a run from a host whose clock is 120 s behind.
    expect(cli(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', update('Courier-1')]).status).toBe(0);
    const first = cli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF, '--changes', feed]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/paused, \d+ kept/);
    expect(cli(dir, ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', update('Courier-2')]).status).toBe(0);
    const behind = skewedCli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF, '--changes', feed], -120_000);
    expect(behind.status).toBe(0);
    expect(behind.stdout).toMatch(/paused, \d+ kept/);

    expect(cli(dir, ['changes', 'resume', feed]).status).toBe(0);
    const delivered = feedOf(feed).slice(synced);
    expect(delivered).toHaveLength(2 * some.length);
    // The first run's group (Courier-1) first, then the later one (Courier-2), each group's ts later than the one before.
    expect(delivered.slice(0, some.length).every((c) => c.value['carrier'] === 'Courier-1')).toBe(true);
    expect(delivered.slice(some.length).every((c) => c.value['carrier'] === 'Courier-2')).toBe(true);
    const groups = [...new Set(feedOf(feed).map((c) => c.ts))];
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(groups).toHaveLength(3);

    // Replaying the whole feed into a fresh table leaves no row stale.
    const replayed = replay(feedOf(feed)).get('card_shipped')!;
    const stage = await query(dir, 'SELECT * FROM stage.card_shipped');
    expect([...replayed.keys()].sort()).toEqual(stage.map((r) => String(r['event_id'])).sort());
    const text = (row: Record<string, unknown>): string =>
      JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] === null ? null : String(row[k])]));
    const stale = stage.filter((r) => text(replayed.get(String(r['event_id']))!) !== text(r));
    expect(stale).toEqual([]);
  });
});
