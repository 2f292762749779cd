/**
 * Issue 19, item 4: a BigQuery job that is still RUNNING when jobs.insert answers (normal for real DML) and fails
 * later, in getQueryResults, is a warehouse failure like any other: it carries the SQL and parameters, and a
 * retryable reason (a concurrent-update conflict, a backend error) is retried with the same backoff as a
 * submission refused at once. Verified against the REST test double (test/helpers/bigquery-mock.ts).
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { mockedDriver } from '../helpers/bigquery';
import { useBigQueryMock, type MockError } from '../helpers/bigquery-mock';
import { WarehouseError } from '../../src/errors';

const { mock, endpoint } = useBigQueryMock();

const warehouse = (maxRetries = 3): ReturnType<typeof mockedDriver> => mockedDriver(endpoint(), maxRetries);

const CONFLICT: MockError = { code: 400, reason: 'invalidQuery', message: 'Could not serialize access to table dw.stage due to concurrent update', as: 'job' };
const UPDATE = { sql: 'UPDATE dw.stage SET a = @p_1 WHERE event_id = @p_2', params: { p_1: 'x', p_2: 'e-1' } };
const jobs = (): string[] => mock.submitted.filter((s) => !s.dryRun).map((s) => s.sql);

describe('a job pending at insert that fails later', () => {
  it('is resubmitted when the reason is retryable, and the retry result is returned', async () => {
    const { wh, delays } = warehouse();
    let calls = 0;
    mock.respond(() => (++calls <= 2 ? { error: CONFLICT, pendingPolls: 2 } : { numDmlAffectedRows: 4 }));
    const res = await wh.run(UPDATE);
    expect(res.rowsChanged).toBe(4);
    expect(jobs()).toEqual([UPDATE.sql, UPDATE.sql, UPDATE.sql]);
    expect(delays).toEqual([100, 200]);
    // The first job really was RUNNING when inserted and failed only while its results were awaited.
    const routes = mock.requests.map((r) => r.route);
    const secondInsert = routes.indexOf('jobs.insert', routes.indexOf('jobs.insert') + 1);
    expect(routes.slice(0, secondInsert).filter((r) => r === 'jobs.getQueryResults').length).toBeGreaterThanOrEqual(2);
  });

  it('gives up after max_retries with a WarehouseError carrying the SQL, the parameters and the cause', async () => {
    const { wh, delays } = warehouse(1);
    mock.respond(() => ({ error: CONFLICT, pendingPolls: 1 }));
    const err = await wh.run(UPDATE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    const we = err as WarehouseError;
    expect(we.sql).toBe(UPDATE.sql);
    expect(we.params).toEqual(['x', 'e-1']);
    expect(we.message).toMatch(/concurrent update/);
    expect(delays).toEqual([100]);
    expect(jobs()).toHaveLength(2);
  });

  it('is not retried when the reason is not retryable, but still carries the SQL', async () => {
    const { wh, delays } = warehouse();
    mock.respond(() => ({ error: { code: 400, reason: 'invalidQuery', message: 'Division by zero: 1 / 0', as: 'job' }, pendingPolls: 1 }));
    const err = await wh.run(UPDATE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).sql).toBe(UPDATE.sql);
    expect((err as WarehouseError).detail()).toContain('params: ["x","e-1"]');
    expect(delays).toEqual([]);
    expect(jobs()).toHaveLength(1);
  });

  it('a backend error surfacing in getQueryResults is retried too', async () => {
    const { wh, delays } = warehouse();
    let calls = 0;
    mock.respond(() => (++calls === 1 ? { error: { code: 500, reason: 'backendError', message: 'backend down', as: 'job' }, pendingPolls: 1 } : { rows: [{ n: 1 }] }));
    const res = await wh.run({ sql: 'SELECT 1 AS n', params: {} });
    expect(res.rows).toEqual([{ n: 1 }]);
    expect(delays).toEqual([100]);
  });

  it('inside a transaction it is not retried (BigQuery rolled the transaction back): the transaction fails, rolled back', async () => {
    const { wh, delays } = warehouse();
    mock.respond((sql) => (sql.startsWith('UPDATE') ? { error: CONFLICT, pendingPolls: 1 } : undefined));
    const err = await wh.transaction(() => wh.run(UPDATE)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).sql).toBe(UPDATE.sql);
    expect(delays).toEqual([]);
    expect(jobs().filter((s) => s !== 'SELECT 1')).toEqual(['BEGIN TRANSACTION', UPDATE.sql, 'ROLLBACK TRANSACTION']);
    await wh.close();
  });
});
