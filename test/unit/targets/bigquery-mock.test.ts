// Proves test/helpers/bigquery-mock.ts (a local test double of the BigQuery REST API v2, not BigQuery) answers
// the REAL @google-cloud/bigquery client the way our adapter will use it: jobs.query fast path, jobs.insert +
// polling, paging, dry runs, HTTP and job-level errors (and the client's own retries), sessions.
// Jest's sandbox cannot run teeny-request's import('node-fetch'): see nativeTeenyRequest() in the helper.
jest.mock('teeny-request', () => require('../../helpers/bigquery-mock').nativeTeenyRequest());

import { BigQuery, type BigQueryOptions, type Job } from '@google-cloud/bigquery';
import { BigQueryMock } from '../../helpers/bigquery-mock';

const mock = new BigQueryMock();
let endpoint = '';

function client(extra: Partial<BigQueryOptions> = {}): BigQuery {
  return new BigQuery({
    projectId: 'test-project',
    apiEndpoint: endpoint,
    authClient: { getRequestHeaders: async () => ({}) } as never,
    ...extra,
  });
}

/** The rejection of `p`, typed loosely as the client's ApiError. */
async function rejection(p: Promise<unknown>): Promise<{ code?: number; message: string; errors?: { reason?: string }[] }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: number; message: string; errors?: { reason?: string }[] };
  }
  throw new Error('expected the promise to reject');
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

beforeAll(async () => {
  endpoint = await mock.start();
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset());

describe('BigQueryMock with the real client', () => {
  test('query() takes the jobs.query fast path and returns typed rows', async () => {
    mock.respond((sql) => (sql.startsWith('SELECT') ? {
      rows: [
        { name: 'a', n: 1, f: 1.5, ok: true, ts: new Date('2024-01-02T03:04:05.678Z') },
        { name: null, n: 2, f: 2.25, ok: false, ts: null },
      ],
      schema: [{ name: 'name', type: 'STRING' }, { name: 'n', type: 'INT64' }, { name: 'f', type: 'FLOAT64' },
        { name: 'ok', type: 'BOOL' }, { name: 'ts', type: 'TIMESTAMP' }],
      totalBytesProcessed: 512,
    } : undefined));
    const [rows] = await client().query({
      query: 'SELECT name, n, f, ok, ts FROM t WHERE a = @a',
      params: { a: 'x' }, location: 'EU', maximumBytesBilled: '1000', labels: { k: 'v' },
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: 'a', n: 1, f: 1.5, ok: true });
    expect(rows[0].ts.value).toBe('2024-01-02T03:04:05.678Z');
    expect(rows[1]).toMatchObject({ name: null, n: 2, f: 2.25, ok: false, ts: null });

    expect(mock.requests.map((r) => r.route)).toEqual(['jobs.query']);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/bigquery/v2/projects/test-project/queries' });
    expect(mock.requests[0].body).toMatchObject({
      query: 'SELECT name, n, f, ok, ts FROM t WHERE a = @a', useLegacySql: false, parameterMode: 'named',
      queryParameters: [{ name: 'a', parameterType: { type: 'STRING' }, parameterValue: { value: 'x' } }],
      location: 'EU', maximumBytesBilled: '1000', labels: { k: 'v' }, formatOptions: { useInt64Timestamp: true },
    });
    const [sub] = mock.submitted;
    expect(sub).toMatchObject({ api: 'jobs.query', location: 'EU', maximumBytesBilled: '1000', labels: { k: 'v' }, dryRun: false });
    const [job] = await client().job(sub.jobId ?? '', { location: 'EU' }).getMetadata();
    expect(job.statistics.query).toMatchObject({ totalBytesProcessed: '512', statementType: 'SELECT' });
  });

  test('DML reports numDmlAffectedRows in the job statistics', async () => {
    mock.respond(() => ({ numDmlAffectedRows: 7 }));
    const [job] = await client().createQueryJob({ query: 'UPDATE t SET a = 1 WHERE true' });
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query).toMatchObject({ numDmlAffectedRows: '7', statementType: 'UPDATE' });
    const [rows, , response] = await job.getQueryResults();
    expect(rows).toEqual([]);
    expect(response?.numDmlAffectedRows).toBe('7');
  });

  test('createQueryJob + getQueryResults pages with maxResults over 3 pages', async () => {
    mock.respond(() => ({ rows: numbers(5) }));
    const [job] = await client().createQueryJob({ query: 'SELECT i FROM t', location: 'EU' });
    expect(mock.requestsTo('jobs.insert')[0].body).toMatchObject({
      configuration: { query: { query: 'SELECT i FROM t' } }, jobReference: { projectId: 'test-project', location: 'EU' },
    });
    const seen: number[] = [];
    let [rows, next] = await job.getQueryResults({ maxResults: 2 });
    seen.push(...rows.map((r) => r.i));
    let pages = 1;
    while (next) {
      [rows, next] = await job.getQueryResults(next);
      seen.push(...rows.map((r) => r.i));
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const reads = mock.requestsTo('jobs.getQueryResults');
    expect(reads.map((r) => [r.query.maxResults, r.query.pageToken !== undefined, r.query.location]))
      .toEqual([['2', false, 'EU'], ['2', true, 'EU'], ['2', true, 'EU']]);
  });

  test('query() auto-paginates when the server pages (pageSize)', async () => {
    const paged = new BigQueryMock({ pageSize: 2 });
    const url = await paged.start();
    try {
      paged.respond(() => ({ rows: numbers(5) }));
      const bq = new BigQuery({ projectId: 'test-project', apiEndpoint: url, authClient: { getRequestHeaders: async () => ({}) } as never });
      const [rows] = await bq.query('SELECT i FROM t');
      expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4]);
      expect(paged.requests.map((r) => r.route)).toEqual(['jobs.query', 'jobs.getQueryResults', 'jobs.getQueryResults']);
    } finally {
      await paged.stop();
    }
  });

  test('dry run answers statistics only and creates no job', async () => {
    mock.respond((_sql, req) => (req.dryRun ? { totalBytesProcessed: 123456 } : undefined));
    const [job] = await client().createQueryJob({ query: 'SELECT * FROM big', dryRun: true });
    expect(job.metadata.statistics.totalBytesProcessed).toBe('123456');
    expect(job.metadata.statistics.query.totalBytesProcessed).toBe('123456');
    expect(mock.requestsTo('jobs.insert')[0].body).toMatchObject({ configuration: { dryRun: true } });
    const viaQuery = await client().query({ query: 'SELECT * FROM big', dryRun: true });
    expect(viaQuery[0]).toEqual([]);
    expect(mock.requests.map((r) => r.route)).toEqual(['jobs.insert', 'jobs.insert']);
  });

  test('HTTP errors reject with code and errors[0].reason; invalidQuery and jobRateLimitExceeded are not retried', async () => {
    mock.respond(() => ({ error: { code: 400, reason: 'invalidQuery', message: 'Syntax error: Unexpected end of script at [1:7]' } }));
    const err = await rejection(client().query('SELECT'));
    expect(err.code).toBe(400);
    expect(err.errors?.[0].reason).toBe('invalidQuery');
    expect(err.message).toContain('Syntax error');
    expect(mock.requests).toHaveLength(1);

    mock.reset();
    mock.respond(() => ({ error: { code: 403, reason: 'jobRateLimitExceeded', message: 'Exceeded rate limits: too many concurrent queries' } }));
    const jobLimited = await rejection(client().createQueryJob('SELECT 1'));
    expect([jobLimited.code, jobLimited.errors?.[0].reason]).toEqual([403, 'jobRateLimitExceeded']);
    expect(mock.requests).toHaveLength(1);
  });

  test('the client retries 5xx and rateLimitExceeded on its own with the same body, up to 3 retries', async () => {
    let calls = 0;
    mock.respond(() => (++calls <= 2 ? { error: { code: 500, reason: 'backendError', message: 'Backend error' } } : { rows: [{ x: 1 }] }));
    const fast = client({ retryOptions: { maxRetryDelay: 0.01 } });
    const [rows] = await fast.query('SELECT 1 AS x');
    expect(rows).toEqual([{ x: 1 }]);
    const posts = mock.requestsTo('jobs.query');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((r) => JSON.stringify(r.body))).size).toBe(1);

    mock.reset();
    mock.respond(() => ({ error: { code: 500, reason: 'backendError', message: 'Backend error' } }));
    const err = await rejection(fast.query('SELECT 1'));
    expect(err.errors?.[0].reason).toBe('backendError');
    expect(mock.requests).toHaveLength(4);

    // The retry check also reads the reason from the error body: a 403 rateLimitExceeded is retried too.
    mock.reset();
    mock.respond(() => ({ error: { code: 403, reason: 'rateLimitExceeded', message: 'Exceeded rate limits' } }));
    const limited = await rejection(fast.createQueryJob('SELECT 1'));
    expect([limited.code, limited.errors?.[0].reason]).toEqual([403, 'rateLimitExceeded']);
    expect(mock.requestsTo('jobs.insert')).toHaveLength(4);
    expect(new Set(mock.requests.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  test('job-level failure: status.errorResult', async () => {
    const failing = { code: 400, reason: 'invalidQuery', message: 'Division by zero: 1 / 0', as: 'job' } as const;
    mock.respond((sql) => (sql.includes('1/0') ? { error: failing } : undefined));
    const inserted = await rejection(client().createQueryJob({ query: 'SELECT 1/0' }));
    expect(inserted.code).toBeUndefined();
    expect(inserted.errors?.[0].reason).toBe('invalidQuery');

    const viaQuery = await rejection(client().query('SELECT 1/0'));
    expect(viaQuery.code).toBe(400);
    const failedId = mock.submitted[1].jobId ?? '';
    const [meta] = await client().job(failedId, { location: 'US' }).getMetadata();
    expect(meta.status).toMatchObject({ state: 'DONE', errorResult: { reason: 'invalidQuery' } });

    mock.respond((sql) => (sql.includes('slow') ? { error: { ...failing, reason: 'backendError' }, pendingPolls: 1 } : undefined));
    const [job]: [Job, unknown] = await client().createQueryJob({ query: 'SELECT slow' });
    expect(job.metadata.status.state).toBe('RUNNING');
    const polled = await rejection(job.promise());
    expect(polled.errors?.[0].reason).toBe('backendError');
    const results = await rejection(job.getQueryResults());
    expect(results.code).toBe(400);
  });

  test('query() polls getQueryResults while the job is still running', async () => {
    mock.respond(() => ({ rows: [{ x: 'done' }], pendingPolls: 2 }));
    const [rows] = await client().query('SELECT "done" AS x');
    expect(rows).toEqual([{ x: 'done' }]);
    expect(mock.requests.map((r) => r.route)).toEqual(['jobs.query', 'jobs.getQueryResults', 'jobs.getQueryResults', 'jobs.getQueryResults']);
  });

  test('maximumBytesBilled below the bytes processed fails with bytesBilledLimitExceeded', async () => {
    mock.respond(() => ({ totalBytesProcessed: 5000 }));
    const err = await rejection(client().query({ query: 'SELECT * FROM t', maximumBytesBilled: '1000' }));
    expect(err.errors?.[0].reason).toBe('bytesBilledLimitExceeded');
  });

  test('sessions: createSession returns sessionInfo, later connectionProperties are recorded', async () => {
    const bq = client();
    const [job] = await bq.createQueryJob({ query: 'CREATE TEMP TABLE s AS SELECT 1 AS x', createSession: true, location: 'EU' });
    const sessionId: string = job.metadata.statistics.sessionInfo.sessionId;
    expect(sessionId).toBe('session-1');
    const connectionProperties = [{ key: 'session_id', value: sessionId }];
    await bq.query({ query: 'SELECT * FROM s', connectionProperties, location: 'EU' });
    const [second] = await bq.createQueryJob({ query: 'DROP TABLE s', connectionProperties, location: 'EU' });
    expect(second.metadata.statistics.sessionInfo.sessionId).toBe(sessionId);
    expect(mock.submitted.map((s) => [s.api, s.createSession, s.connectionProperties]))
      .toEqual([['jobs.insert', true, []], ['jobs.query', false, connectionProperties], ['jobs.insert', false, connectionProperties]]);
    expect(mock.sessions.get(sessionId)).toHaveLength(3);

    // Typed as [rows, IJob?], but at runtime query() resolves to [rows, nextQuery options, QueryResponse].
    const out = (await bq.query({ query: 'SELECT 1', createSession: true })) as unknown[];
    expect(out[2]).toMatchObject({ kind: 'bigquery#queryResponse', sessionInfo: { sessionId: 'session-2' } });
    const unknown = await rejection(bq.query({ query: 'SELECT 1', connectionProperties: [{ key: 'session_id', value: 'nope' }] }));
    expect(unknown.code).toBe(400);
  });

  test('jobs.get, cancel and location checks on inserted jobs', async () => {
    mock.respond(() => ({ pendingPolls: 5 }));
    const bq = client();
    const [job] = await bq.createQueryJob({ query: 'SELECT 1', location: 'EU', jobId: 'my-job' });
    expect(job.id).toBe('my-job');
    expect(mock.requestsTo('jobs.insert')[0].body).toMatchObject({ jobReference: { jobId: 'my-job', location: 'EU' } });
    await job.cancel();
    expect(mock.requestsTo('jobs.cancel')[0]).toMatchObject({ path: '/bigquery/v2/projects/test-project/jobs/my-job/cancel', query: { location: 'EU' } });
    const [meta] = await job.getMetadata();
    expect(meta.status.errorResult.reason).toBe('stopped');
    const wrongLocation = await rejection(bq.job('my-job', { location: 'US' }).getMetadata());
    expect(wrongLocation.code).toBe(404);
    const duplicate = await rejection(bq.createQueryJob({ query: 'SELECT 1', location: 'EU', jobId: 'my-job' }));
    expect(duplicate.code).toBe(409);
  });
});
