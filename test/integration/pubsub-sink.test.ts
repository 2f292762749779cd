/**
 * The Pub/Sub sink with the real @google-cloud/pubsub client against a local Publisher (gRPC) that records every
 * publish request: ordering key = doc_id, requests batched per key, a transient error retried, a permanent one leaving the
 * sink in error with its changes kept until resume.
 */
import { deliver, listSinks } from '../../src/changes/outbox';
import type { Change } from '../../src/changes/change';
import { resolveSink } from '../../src/changes/sinks';
import { runModels } from '../../src/rebuild/run';
import { PubsubMock } from '../helpers/pubsub-mock';
import { event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');

describe('Pub/Sub change sink', () => {
  let mock: PubsubMock;
  let t: TestWarehouse;
  beforeEach(async () => {
    mock = await PubsubMock.start();
    const yml = [
      'name: test_project',
      'target: local',
      'targets:',
      '  local: { type: duckdb, path: warehouse.duckdb }',
      'vars: { current_date_offset: 3 }',
      'changes:',
      '  sinks:',
      `    crm: { type: pubsub, project: test-project, topic: stage-changes, api_endpoint: "127.0.0.1:${mock.port}", batch_size: 4, max_retries: 3 }`,
      '',
    ].join('\n');
    t = await TestWarehouse.create(AS_OF, { yml });
    await t.load(Array.from({ length: 10 }, (_, i) => event({ event_id: `e${i}`, event_created_at: `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00Z`, event_data: { Status: 'Shipped' } })));
  });
  afterEach(async () => {
    await t.close();
    await mock.stop();
  });

  const runWithFeed = () => runModels(t.wh, t.ctx, { fullRefresh: false, select: ['card_shipped'], changes: { sink: 'crm' } });
  const decoded = (): Change[] => mock.messages().map((m) => JSON.parse(m.data) as Change);

  it('publishes every change with its doc_id as ordering key, batched per key, retrying a transient error', async () => {
    await runWithFeed();
    mock.failures.push('transient');
    const d = await deliver(t.wh, t.ctx, resolveSink(t.ctx, 'crm'), () => undefined);
    expect(d).toMatchObject({ status: 'active', delivered: 10, pending: 0 });
    const messages = mock.messages();
    expect(messages).toHaveLength(10);
    expect(messages.every((m) => m.orderingKey === (JSON.parse(m.data) as Change).doc_id)).toBe(true);
    expect(messages[0]!.attributes).toEqual({ doc_type: 'card_shipped', op: 'UPDATE' });
    expect(mock.requests.every((r) => r.topic === 'projects/test-project/topics/stage-changes')).toBe(true);
    // The client batches per ordering key: every request holds the changes of one doc only, in order.
    expect(mock.requests.every((r) => new Set(r.messages.map((m) => m.orderingKey)).size === 1)).toBe(true);
    expect(decoded().map((c) => c.doc_id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`).sort());
  }, 60_000);

  it('a permanent error leaves the sink in error with its changes; resume delivers them, nothing lost or doubled', async () => {
    await runWithFeed();
    mock.failures.push('denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied');
    const failed = await deliver(t.wh, t.ctx, resolveSink(t.ctx, 'crm'), () => undefined);
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/PERMISSION_DENIED|not authorized/);
    expect(failed.pending).toBe(10);
    expect((await listSinks(t.wh, t.ctx, 'crm'))[0]).toMatchObject({ status: 'error', pending: 10 });

    mock.failures.length = 0;
    const before = mock.messages().length;
    const resumed = await deliver(t.wh, t.ctx, resolveSink(t.ctx, 'crm'), () => undefined);
    expect(resumed).toMatchObject({ status: 'active', delivered: 10, pending: 0 });
    expect(mock.messages().length - before).toBe(10);
    expect(new Set(decoded().map((c) => c.doc_id)).size).toBe(10);
  }, 60_000);
});
