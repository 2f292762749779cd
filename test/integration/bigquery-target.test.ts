/**
 * The BigQuery adapter, verified offline: the real @google-cloud/bigquery client talks to a local test double of
 * the REST API (test/helpers/bigquery-mock.ts), which records every job request. Live BigQuery is not reached.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import fs from 'node:fs';
import { mockedDriver, runCli } from '../helpers/bigquery';
import { useBigQueryMock, type MockResult, type SubmittedQuery } from '../helpers/bigquery-mock';
import path from 'node:path';
import { makeProjectDir, migrationRecords } from '../helpers/project';
import { WarehouseError } from '../../src/errors';

const { mock, endpoint } = useBigQueryMock();

const warehouse = (maxRetries = 3): ReturnType<typeof mockedDriver> => mockedDriver(endpoint(), maxRetries);

const real = (): SubmittedQuery[] => mock.submitted.filter((s) => !s.dryRun);

describe('every job request', () => {
  it('carries named query parameters, the location, maximumBytesBilled and labels', async () => {
    const { wh } = warehouse();
    wh.setLabels({ backfill_model: 'card_shipped', backfill_operation_id: 'Op-1234' });
    mock.respond(() => ({ rows: [{ n: 3, ts: new Date('2026-11-23T10:00:00.5Z') }], schema: [{ name: 'n', type: 'INT64' }, { name: 'ts', type: 'TIMESTAMP' }] }));
    const res = await wh.run({ sql: 'SELECT n, ts FROM t WHERE a = @p_1 AND b IN UNNEST(@p_2)', params: { p_1: "it's", p_2: ['x', 'y'] } });
    expect(res.rows).toEqual([{ n: 3, ts: '2026-11-23 10:00:00.5' }]);
    const [job] = real();
    expect(job).toMatchObject({ location: 'EU', maximumBytesBilled: '10000000000', labels: { backfill_command: 'run', backfill_model: 'card_shipped', backfill_operation_id: 'op-1234' } });
    expect(job!.queryParameters).toEqual([
      { name: 'p_1', parameterType: { type: 'STRING' }, parameterValue: { value: "it's" } },
      { name: 'p_2', parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } }, parameterValue: { arrayValues: [{ value: 'x' }, { value: 'y' }] } },
    ]);
  });

  it('reads numDmlAffectedRows for DML', async () => {
    const { wh } = warehouse();
    mock.respond((sql) => (sql.startsWith('DELETE') ? { numDmlAffectedRows: 7 } : undefined));
    expect((await wh.run({ sql: 'DELETE FROM t WHERE TRUE', params: {} })).rowsChanged).toBe(7);
  });
});

describe('retries', () => {
  it.each([
    ['rateLimitExceeded', 403, 'http'],
    ['backendError', 500, 'http'],
    ['jobRateLimitExceeded', 403, 'http'],
    ['concurrent DML', 400, 'job'],
  ] as const)('retries %s with exponential backoff', async (reason, code, as) => {
    const { wh, delays } = warehouse();
    let calls = 0;
    mock.respond(() => {
      calls++;
      if (calls > 2) return undefined;
      return reason === 'concurrent DML'
        ? { error: { code, reason: 'invalidQuery', message: 'Could not serialize access to table t due to concurrent update', as } }
        : { error: { code, reason, message: `${reason} (test)`, as } };
    });
    await wh.run({ sql: 'UPDATE t SET a = 1 WHERE TRUE', params: {} });
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after max_retries with the SQL in the error', async () => {
    const { wh, delays } = warehouse(2);
    mock.respond(() => ({ error: { code: 500, reason: 'backendError', message: 'backend down' } }));
    const err = await wh.run({ sql: 'SELECT 1', params: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).sql).toBe('SELECT 1');
    expect(delays).toEqual([100, 200]);
    expect(real().length).toBe(3);
  });

  it('does not retry an invalid query', async () => {
    const { wh, delays } = warehouse();
    mock.respond(() => ({ error: { code: 400, reason: 'invalidQuery', message: 'Syntax error: Unexpected keyword' } }));
    await expect(wh.run({ sql: 'SELEC 1', params: {} })).rejects.toThrow(/Syntax error/);
    expect(delays).toEqual([]);
  });
});

describe('sessions, transactions and dry runs', () => {
  it('runs a transaction in one session: BEGIN … COMMIT TRANSACTION', async () => {
    const { wh } = warehouse();
    await wh.transaction(async () => {
      await wh.run({ sql: 'DELETE FROM t WHERE TRUE', params: {} });
    });
    const jobs = real();
    expect(jobs[0]!.createSession).toBe(true);
    const sessionId = [...mock.sessions.keys()][0]!;
    expect(jobs.slice(1).map((j) => [j.sql, j.connectionProperties])).toEqual([
      ['BEGIN TRANSACTION', [{ key: 'session_id', value: sessionId }]],
      ['DELETE FROM t WHERE TRUE', [{ key: 'session_id', value: sessionId }]],
      ['COMMIT TRANSACTION', [{ key: 'session_id', value: sessionId }]],
    ]);
  });

  it('rolls back when a statement fails', async () => {
    const { wh } = warehouse(0);
    mock.respond((sql) => (sql.startsWith('DELETE') ? { error: { code: 400, reason: 'invalidQuery', message: 'nope' } } : undefined));
    await expect(wh.transaction(() => wh.run({ sql: 'DELETE FROM t WHERE TRUE', params: {} }))).rejects.toThrow(/nope/);
    expect(real().map((j) => j.sql).slice(-1)).toEqual(['ROLLBACK TRANSACTION']);
  });

  it('estimates bytes with a dry-run job and runs nothing', async () => {
    const { wh } = warehouse();
    mock.respond(() => ({ totalBytesProcessed: 123_456_789 }));
    expect(await wh.estimate({ sql: 'SELECT * FROM t', params: {} })).toBe(123_456_789);
    expect(mock.submitted.map((s) => s.dryRun)).toEqual([true]);
    expect(mock.submitted[0]).toMatchObject({ maximumBytesBilled: '10000000000', location: 'EU' });
  });
});

describe('the CLI against the local endpoint', () => {
  const migratedWarehouse = (): void => {
    const lease = leaseResponder();
    mock.respond((sql, req) => {
      const leased = lease(sql, req);
      if (leased) return leased;
      if (sql.includes('INFORMATION_SCHEMA.COLUMNS')) return { rows: [{ column_name: 'migration_id' }] };
      if (sql.startsWith('SELECT migration_id')) return { rows: migrationRecords(bigqueryYml(endpoint())) };
      if (sql.includes('AS last_action')) return { rows: [{ last_action: null }], schema: [{ name: 'last_action', type: 'TIMESTAMP' }] };
      if (sql.includes('AS side_table')) return { rows: [{ side_table: 'exceptions', row_count: 2 }, { side_table: 'exclusions', row_count: 0 }] };
      // Which of the named ids exist (macros with reports_unmatched): all of them, here.
      if (sql.startsWith('SELECT event_id FROM') && sql.includes('GROUP BY event_id')) return { rows: [{ event_id: 'a' }, { event_id: 'b' }] };
      if (/FROM\s+`kinesis`\.`backend_events`/.test(sql)) return { totalBytesProcessed: 5_000_000_000 }; // operations are formatted
      return undefined;
    });
  };

  it('run-operation takes a lease on the side tables first and releases it at the end', async () => {
    migratedWarehouse();
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: a, description: d}']);
      expect(r.status).toBe(0);
      const sqls = real().map((j) => j.sql);
      const ask = sqls.findIndex((s) => s.startsWith('INSERT INTO `backfill`.leases'));
      const work = sqls.findIndex((s) => /^INSERT INTO\s+`s3`.`backend_events_exclusions`/.test(s)); // formatted: the table on its own line
      const release = sqls.map((s, i) => [s, i] as const).filter(([s]) => s.startsWith('DELETE FROM `backfill`.leases WHERE resource') && s.includes('holder')).pop()![1];
      expect(ask).toBeGreaterThanOrEqual(0);
      expect(ask).toBeLessThan(work);
      expect(release).toBeGreaterThan(work);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run-operation sends parameterised, capped, labelled jobs and commits in a session', async () => {
    migratedWarehouse();
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run-operation', 'update_event_data', '--json', '--args', `{stage_table_name: card_shipped, event_ids: [a, b], set: {$.Status: Failed}, description: "it's fixed"}`]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { operation_id: string; rows: Record<string, number> };
      expect(summary.rows).toEqual({ 's3.backend_events_exceptions': 2, 's3.backend_events_exclusions': 0 });
      const jobs = real();
      expect(jobs.every((j) => j.location === 'EU' && j.maximumBytesBilled === '25000000000')).toBe(true);
      const insert = jobs.find((j) => /^INSERT INTO\s+`s3`.`backend_events_exceptions`/.test(j.sql))!;
      expect(insert.sql).not.toContain("it's fixed");
      expect(insert.queryParameters.map((p) => (p.parameterValue as { value?: unknown }).value)).toEqual(expect.arrayContaining(["it's fixed", summary.operation_id]));
      expect(insert.labels).toMatchObject({ backfill_command: 'run-operation', backfill_macro: 'update_event_data', backfill_operation_id: summary.operation_id });
      const sqls = jobs.map((j) => j.sql);
      expect(sqls.indexOf('BEGIN TRANSACTION')).toBeLessThan(sqls.indexOf(insert.sql));
      expect(sqls.indexOf('COMMIT TRANSACTION')).toBeGreaterThan(sqls.indexOf(insert.sql));
      expect(insert.connectionProperties).toEqual([{ key: 'session_id', value: expect.stringMatching(/session/) }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--dry-run prints the bytes of each statement and the total, and runs nothing', async () => {
    migratedWarehouse();
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run-operation', 'remove_duplicates_by_event_id', '--dry-run', '--args', '{stage_table_name: card_shipped}']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/statement 1\/2: would process 5\.0 GB \(5000000000 bytes\)/);
      expect(r.stdout).toMatch(/remove_duplicates_by_event_id: 5\.0 GB in all/);
      expect(mock.submitted.length).toBe(2);
      expect(mock.submitted.every((s) => s.dryRun)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('import on BigQuery', () => {
  it('loads the events with a load job from NDJSON (no streaming insert), then turns them into exceptions in a session transaction', async () => {
    const lease = leaseResponder();
    mock.respond((sql, req) => {
      const leased = lease(sql, req);
      if (leased) return leased;
      if (sql.includes('INFORMATION_SCHEMA.COLUMNS')) return { rows: [{ column_name: 'migration_id' }] };
      if (sql.startsWith('SELECT migration_id')) return { rows: migrationRecords(bigqueryYml(endpoint())) };
      if (sql.includes('AS last_action')) return { rows: [{ last_action: null }], schema: [{ name: 'last_action', type: 'TIMESTAMP' }] };
      if (sql.includes('SELECT DISTINCT event_id')) return { rows: [{ event_id: 'known' }] };
      if (sql.includes('AS side_table')) return { rows: [{ side_table: 'exceptions', row_count: 2 }, { side_table: 'exclusions', row_count: 0 }] };
      // Which of the named ids exist (macros with reports_unmatched): all of them, here.
      if (sql.startsWith('SELECT event_id FROM') && sql.includes('GROUP BY event_id')) return { rows: [{ event_id: 'a' }, { event_id: 'b' }] };
      return undefined;
    });
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const file = path.join(dir, 'in.ndjson');
      fs.writeFileSync(file, `${JSON.stringify({ event_id: 'known', event_created_at: '2026-11-20T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'x' } })}\n${JSON.stringify({ event_id: 'new', event_created_at: '2026-11-21T10:00:00.123456Z', event_name: 'CardWasShipped', event_data: null })}\n`);
      const r = await runCli(dir, ['import', file, '--description', 'quarantine', '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(mock.loads.length).toBe(1);
      const load = mock.loads[0]!;
      expect(load.configuration['load']).toMatchObject({ sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND', destinationTable: { datasetId: 'backfill' } });
      const lines = load.data.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ event_id: 'known', is_event_update: true, event_data: '{"Status":"x"}', event_created_at: '2026-11-20T10:00:00.000000Z' }),
        expect.objectContaining({ event_id: 'new', is_event_update: false, event_data: null, event_created_at: '2026-11-21T10:00:00.123456Z' }),
      ]);
      const sqls = real().map((j) => j.sql);
      const insert = sqls.findIndex((s) => s.startsWith('INSERT INTO `s3`.`backend_events_exceptions`'));
      expect(sqls[insert]).toContain('FROM `backfill`.`__import_');
      expect(sqls.indexOf('BEGIN TRANSACTION')).toBeLessThan(insert);
      expect(sqls.indexOf('COMMIT TRANSACTION')).toBeGreaterThan(insert);
      expect(sqls.some((s) => s.startsWith('DROP TABLE IF EXISTS `backfill`.`__import_'))).toBe(true);
      expect(mock.requests.some((q) => /insertAll/.test(q.path))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run on BigQuery', () => {
  it('rebuilds the planned days: work table outside, then DELETEs (corrected events by id in their old partitions, moved keys) + one pruned MERGE inside a transaction', async () => {
    runResponder();
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run', '--select', 'card_shipped', '--as-of', '2026-11-23', '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const jobs = real();
      const sqls = jobs.map((j) => j.sql);
      const build = jobs.find((j) => j.sql.startsWith('CREATE OR REPLACE TABLE `stage`.`__backfill_work_card_shipped`'))!;
      expect(build.connectionProperties).toEqual([]);
      // The old corrected day (11-05) is not rebuilt whole: its corrected events are found by the rows written since.
      expect(build.sql).not.toContain("TIMESTAMP '2026-11-05");
      expect(build.sql).toContain("inserted_at > TIMESTAMP '2026-11-22 00:00:00+00' AND inserted_at <= TIMESTAMP '2026-11-23 09:00:00.123456+00'");
      expect(build.sql).toContain("event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'");
      const byId = sqls.findIndex((s) => s.startsWith('DELETE FROM `stage`.`card_shipped`') && s.includes('inserted_at >'));
      expect(sqls[byId]).toContain("`event_created_at` >= TIMESTAMP '2026-11-05 00:00:00.000+00' AND `event_created_at` < TIMESTAMP '2026-11-06 00:00:00.000+00'");
      const begin = sqls.indexOf('BEGIN TRANSACTION');
      const merge = sqls.findIndex((s) => s.startsWith('MERGE `stage`.`card_shipped`'));
      const moved = sqls.findIndex((s) => s.startsWith('DELETE FROM `stage`.`card_shipped`'));
      const commit = sqls.indexOf('COMMIT TRANSACTION');
      expect(sqls.indexOf(build.sql)).toBeLessThan(begin);
      expect(begin).toBeLessThan(moved);
      expect(moved).toBeLessThan(merge);
      expect(begin).toBeLessThan(byId);
      expect(byId).toBeLessThan(merge);
      expect(merge).toBeLessThan(commit);
      expect(sqls.slice(begin, commit).some((s) => s.startsWith('INSERT INTO `backfill`.model_watermarks'))).toBe(true);
      expect(sqls[sqls.length - 3]).toMatch(/^UPDATE `backfill`.operations/);
      // The run's lease on its operation (what tells others it is alive) is released once its entry is finished.
      expect(sqls[sqls.length - 2]).toMatch(/^DELETE FROM `backfill`.leases WHERE resource = /);
      // The session the transaction ran in is ended (an active one would hold later runs' watermarks back).
      const abort = jobs[jobs.length - 1]!;
      expect(abort.sql).toBe('CALL BQ.ABORT_SESSION()');
      expect(abort.connectionProperties).toEqual(jobs.find((j) => j.sql === 'BEGIN TRANSACTION')!.connectionProperties);
      expect(abort.connectionProperties).not.toEqual([]);
      expect(sqls).toContain('DROP TABLE IF EXISTS `stage`.`__backfill_work_card_shipped`');
      expect(jobs.find((j) => j.sql === sqls[merge])!.labels).toMatchObject({ backfill_model: 'card_shipped', backfill_command: 'run' });
      const watermark = jobs.find((j) => j.sql.startsWith('INSERT INTO `backfill`.model_watermarks'))!;
      expect(watermark.sql).toContain("TIMESTAMP '2026-11-23 09:00:00.123456+00'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('late commits on BigQuery without bigquery.jobs.listAll', () => {
  it('a run whose role may not list jobs still runs: the watermark stays the margin behind, and it warns once', async () => {
    // The role may not read INFORMATION_SCHEMA.JOBS_BY_PROJECT: BigQuery answers 403 accessDenied.
    mock.respond((sql) => (sql.includes('JOBS_BY_PROJECT') ? { error: { code: 403, reason: 'accessDenied', message: 'User does not have permission to query table region-eu.INFORMATION_SCHEMA.JOBS_BY_PROJECT' } } : undefined));
    runResponder();
    mock.respond((sql) => (sql.includes('INTERVAL @') && sql.includes('MINUTE) AS open_since') ? { rows: [{ open_since: '2026-11-23T08:00:00Z' }], schema: [{ name: 'open_since', type: 'TIMESTAMP' }] } : undefined));
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run', '--select', 'card_shipped', '--as-of', '2026-11-23']);
      expect(r.status).toBe(0);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      expect(warnings).toEqual([
        expect.stringMatching(/^warning: this role may not list the warehouse's open writes \(.*permission.*\): watermarks stay 60 minutes \(vars\.late_commit_margin_minutes\) behind so their rows are not missed; grant it that right \(BigQuery: bigquery\.jobs\.listAll/),
      ]);
      const jobs = real();
      const margin = jobs.find((j) => j.sql.includes('AS open_since') && j.sql.startsWith('SELECT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @'))!;
      expect(margin).toBeDefined();
      // The high-water mark is 09:00:00.123456; the margin bound (08:00, by the warehouse's clock) is what is stored.
      const watermark = jobs.find((j) => j.sql.startsWith('INSERT INTO `backfill`.model_watermarks'))!;
      expect(watermark.sql).toContain("TIMESTAMP '2026-11-23 08:00:00");
      expect(watermark.sql).not.toContain('09:00:00.123456');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('change feed on BigQuery', () => {
  it('computes the changes in the warehouse, inside the rebuild transaction, reading only the rebuilt partitions', async () => {
    runResponder();
    const dir = makeProjectDir({ yml: bigqueryYml(endpoint()) });
    try {
      const r = await runCli(dir, ['run', '--select', 'card_shipped', '--as-of', '2026-11-23', '--changes', path.join(dir, 'feed.ndjson'), '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const sqls = real().map((j) => j.sql);
      const captures = sqls.map((q, i) => [q, i] as const).filter(([q]) => q.startsWith('INSERT INTO `backfill`.change_outbox'));
      expect(captures).toHaveLength(1); // UPDATEs and DELETEs in one statement
      const build = sqls.findIndex((q) => q.startsWith('CREATE OR REPLACE TABLE `stage`.`__backfill_work_card_shipped`'));
      const begin = sqls.indexOf('BEGIN TRANSACTION', build);
      const moved = sqls.findIndex((q) => q.startsWith('DELETE FROM `stage`.`card_shipped`'));
      const commit = sqls.indexOf('COMMIT TRANSACTION', begin);
      for (const [q, i] of captures) {
        expect(i).toBeGreaterThan(begin);
        expect(i).toBeLessThan(moved); // compared with the stage rows before they are replaced
        expect(q).toContain('`stage`.`__backfill_work_card_shipped`');
        expect(q).toContain("event_created_at` >= TIMESTAMP '2026-11-05 00:00:00.000+00' AND `event_created_at` < TIMESTAMP '2026-11-06 00:00:00.000+00'");
        expect(q).toContain("event_created_at` >= TIMESTAMP '2026-11-20 00:00:00.000+00' AND `event_created_at` < TIMESTAMP '2026-11-24 00:00:00.000+00'");
        expect(q).toContain("'DELETE'");
      }
      expect(captures[0]![0]).toContain('TO_JSON_STRING(STRUCT(');
      expect(captures[0]![0]).toContain('IS DISTINCT FROM');
      expect(moved).toBeLessThan(commit);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Answers a targeted run of card_shipped: migrated, watermark yesterday, one touched day (2026-11-05). */
function runResponder(): void {
  const COLUMNS = ['event_id', 'event_created_at', 'user_id', 'card_id', 'status', 'carrier', 'country', 'shipped_at'];
  const lease = leaseResponder();
  mock.respond((sql, req) => {
    const leased = lease(sql, req);
    if (leased) return leased;
    if (sql.includes('INFORMATION_SCHEMA.COLUMNS')) {
      const table = (req.queryParameters[0]?.parameterValue as { value?: string }).value;
      return { rows: (table === 'schema_migrations' ? ['migration_id'] : COLUMNS).map((c) => ({ column_name: c })) };
    }
    if (sql.startsWith('SELECT migration_id')) return { rows: migrationRecords(bigqueryYml(endpoint())) };
    if (sql.includes('AS has_watermark')) {
      return {
        rows: [{ high_water: '2026-11-23T09:00:00.123456Z', has_watermark: 1, watermark: new Date('2026-11-22T00:00:00Z'), reverted: 0 }],
        schema: [{ name: 'high_water', type: 'TIMESTAMP' }, { name: 'has_watermark', type: 'INT64' }, { name: 'watermark', type: 'TIMESTAMP' }, { name: 'reverted', type: 'INT64' }],
      };
    }
    if (sql.includes('AS day')) return { rows: [{ day: '2026-11-05' }] };
    if (sql.includes('AS row_count')) return { rows: [{ row_count: 42 }] };
    // Whether the model's event name has any event (asked before every rebuild of a non-empty stage table): yes.
    if (sql.includes('AS present')) return { rows: [{ present: 1 }] };
    return undefined;
  });
}

/** Answers the lease protocol as BigQuery would for a single process: the last asker holds the lease. */
function leaseResponder(): (sql: string, req: SubmittedQuery) => MockResult | undefined {
  let holder = '';
  return (sql, req) => {
    if (sql.startsWith('INSERT INTO `backfill`.leases')) {
      holder = String(req.queryParameters.map((p) => (p.parameterValue as { value?: unknown }).value).find((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)));
    }
    if (sql.startsWith('SELECT') && sql.includes('FROM `backfill`.leases')) {
      return { rows: [{ holder, holder_info: 'me', acquired_at: '2026-11-23T10:00:00Z' }], schema: [{ name: 'holder', type: 'STRING' }, { name: 'holder_info', type: 'STRING' }, { name: 'acquired_at', type: 'TIMESTAMP' }] };
    }
    return undefined;
  };
}

function bigqueryYml(api: string): string {
  return `name: bq\ntarget: prod\ntargets:\n  prod: { type: bigquery, project: dw-test-project, location: EU, maximum_bytes_billed: 25000000000, api_endpoint: "${api}", retry_base_delay_ms: 1 }\n`;
}
