/**
 * Issue 20: the ZetaSQL service behind the BigQuery emulator dies (SIGKILL) in the middle of a job. The client gets
 * BigQuery's answer for a temporary server failure (503 backendError, naming the service), nothing of the job's
 * transaction or of the statement that met the dead service stays applied, the service is restarted at once and
 * the next job succeeds; a `backfill run` killed so records its failure and the next run rebuilds without doubling.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { BigQuery } from '@google-cloud/bigquery';
import { KillableService, useBigqueryEmulator } from '../helpers/emulator';
import { event, TestWarehouse } from '../helpers/project';

jest.setTimeout(300_000); // a loaded machine: the run test takes ~10 s alone, 80 s beside other suites
const zetasql = new KillableService();
const { endpoint } = useBigqueryEmulator({ service: zetasql });
let bq: BigQuery;

beforeAll(async () => {
  bq = new BigQuery({ projectId: 'p', apiEndpoint: endpoint(), location: 'EU', authClient: { getRequestHeaders: async () => ({}) } as never, retryOptions: { autoRetry: false, maxRetries: 0 } });
});
afterAll(() => zetasql.stop());

type Failure = { code?: number; message: string; errors?: Array<{ reason?: string; message?: string }> };
const session = (id: string): object => ({ connectionProperties: [{ key: 'session_id', value: id }] });
const q = async (sql: string, more: object = {}): Promise<Record<string, unknown>[]> => (await bq.query({ query: sql, ...more }))[0] as Record<string, unknown>[];
const failure = (sql: string, more: object = {}): Promise<Failure> => q(sql, more).then(() => { throw new Error(`no error for ${sql}`); }, (e: Failure) => e);
const rows = (table: string): Promise<Record<string, unknown>[]> => q(`SELECT id, n FROM ${table} ORDER BY id`);

/**
 * The failure a crashed service gives; and that its supervisor starts the next process by itself, before any
 * request asks for it (clients in other processes know the service by its port only).
 */
async function expectServiceDied(e: Failure, generationBefore: number): Promise<void> {
  expect(zetasql.fired).toBe(true);
  expect([e.code, e.errors?.[0]?.reason]).toEqual([503, 'backendError']);
  expect(e.message).toMatch(/^BigQuery emulator: the ZetaSQL service stopped answering while running this statement \(it is restarted for the next job\)/);
  await restarted(generationBefore);
}

/** Waits (up to 20 s) for the process after `generation` to answer, without a request to the emulator. */
async function restarted(generation: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (zetasql.generation === generation && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(zetasql.generation).toBe(generation + 1);
}

describe('the ZetaSQL service killed while the emulator runs a job', () => {
  beforeAll(async () => {
    await q("CREATE SCHEMA ds; CREATE TABLE ds.t (id STRING, n INT64); INSERT INTO ds.t VALUES ('a', 1), ('b', 2)");
  });
  const before = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }];

  it("a script's transaction: the statements before the dead one are rolled back; the next job commits", async () => {
    const script = "BEGIN TRANSACTION; INSERT INTO ds.t VALUES ('c', 3); DELETE FROM ds.t WHERE id = 'a'; UPDATE ds.t SET n = n * 10 WHERE TRUE; COMMIT TRANSACTION";
    const gen = zetasql.generation;
    zetasql.killAt(/^UPDATE/);
    await expectServiceDied(await failure(script), gen);
    expect(await rows('ds.t')).toEqual(before);
    await q(script);
    expect(await rows('ds.t')).toEqual([{ id: 'b', n: 20 }, { id: 'c', n: 30 }]);
    await q("DELETE FROM ds.t WHERE TRUE; INSERT INTO ds.t VALUES ('a', 1), ('b', 2)");
  });

  it("a session's transaction over several jobs is rolled back, and the session goes on", async () => {
    const [job] = await bq.createQueryJob({ query: 'SELECT 1', createSession: true } as never);
    await job.getQueryResults();
    const id = String((await job.getMetadata())[0].statistics.sessionInfo.sessionId);
    await q('BEGIN TRANSACTION', session(id));
    await q("DELETE FROM ds.t WHERE id = 'a'", session(id));
    const gen = zetasql.generation;
    zetasql.killAt(/^UPDATE/);
    await expectServiceDied(await failure('UPDATE ds.t SET n = 0 WHERE TRUE', session(id)), gen);
    expect(await rows('ds.t')).toEqual(before);
    await q("BEGIN TRANSACTION; INSERT INTO ds.t VALUES ('s', 9); COMMIT TRANSACTION", session(id));
    expect(await rows('ds.t')).toEqual([...before, { id: 's', n: 9 }]);
    await q("DELETE FROM ds.t WHERE id = 's'");
  });

  it('a MERGE outside a transaction: its delete is undone when its insert meets the dead service', async () => {
    await q("CREATE TABLE ds.w AS SELECT 'new' AS id, 7 AS n");
    const merge = "MERGE ds.t AS target USING ds.w AS source ON FALSE WHEN NOT MATCHED BY SOURCE AND target.id = 'b' THEN DELETE WHEN NOT MATCHED THEN INSERT ROW";
    const gen = zetasql.generation;
    zetasql.killAt(/^SELECT source\.\* FROM/);
    await expectServiceDied(await failure(merge), gen);
    expect(await rows('ds.t')).toEqual(before);
    await q(merge);
    expect(await rows('ds.t')).toEqual([{ id: 'a', n: 1 }, { id: 'new', n: 7 }]);
  });
});

describe('backfill run when the service dies during its day replacement', () => {
  it('records the run as failed, leaves the stage table as it was, and the next run rebuilds it once', async () => {
    const t = await TestWarehouse.create(new Date('2026-11-23T12:00:00Z'), { target: 'bigquery' });
    try {
      await t.load([
        event({ event_id: 'e1', event_created_at: '2026-11-05T09:00:00Z', event_data: { Status: 'Pending' } }),
        event({ event_id: 'e2', event_created_at: '2026-11-21T09:00:00Z', event_data: { Status: 'Pending' } }),
        event({ event_id: 'e3', event_created_at: '2026-11-22T09:00:00Z', event_data: { Status: 'Shipped' } }),
      ]);
      await t.run();
      const first = await t.stage('card_shipped');
      await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1', 'e2'], set: { '$.Status': 'Failed' } });
      const exceptions = await t.count('s3.backend_events_exceptions');
      const gen = zetasql.generation;
      zetasql.killAt(/^DELETE FROM `stage\.card_shipped`/);
      const failed = await t.run().then((s) => s.status, (e: Error) => e.message);
      expect(failed).toBe('failed');
      expect(zetasql.fired).toBe(true);
      await restarted(gen);
      const ledger = await t.query("SELECT status, error FROM backfill.operations WHERE command = 'run' ORDER BY started_at");
      expect(ledger.map((r) => r['status'])).toEqual(['succeeded', 'failed']);
      expect(String(ledger[1]!['error'])).toMatch(/ZetaSQL service stopped answering/);
      expect(await t.stage('card_shipped')).toEqual(first);

      await t.run();
      const stage = await t.stage('card_shipped');
      expect(stage.map((r) => [r['event_id'], r['status']])).toEqual([['e1', 'Failed'], ['e2', 'Failed'], ['e3', 'Shipped']]);
      expect(await t.count('s3.backend_events_exceptions')).toBe(exceptions);
      await t.run({ fullRefresh: true });
      expect(await t.stage('card_shipped')).toEqual(stage);
    } finally {
      await t.close();
    }
  });
});
