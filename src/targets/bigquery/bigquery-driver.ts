import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BigQuery, type Job, type Query, type QueryResultsOptions } from '@google-cloud/bigquery';
import type { Statement } from '../../compiler/sql';
import { formatMicros } from '../../compiler/timestamps';
import { WarehouseError } from '../../errors';
import { TransactionScope } from '../transaction';
import { appendBatches, appendMicros, type AppendColumn, type AppendRows, type QueryResult, type Row, type Warehouse } from '../warehouse';
import { bigqueryClientOptions, labelValue, type BigqueryTargetConfig } from './bigquery-config';
import { bigqueryAdapter } from './bigquery-adapter';
import { restRows, type RestField } from './bigquery-rows';
import { BigqueryDialect } from './bigquery-dialect';

/** Errors worth another attempt: quota and backend hiccups, and DML that lost a race with another job. */
const RETRYABLE = /rateLimitExceeded|jobRateLimitExceeded|backendError|internalError|Could not serialize access|concurrent update/i;

/**
 * The production target. Every job carries its values as query parameters, the configured location, a
 * maximumBytesBilled cap and labels naming the operation or model. Transactions run in a BigQuery session
 * (BEGIN/COMMIT TRANSACTION); DDL cannot join them, so the runner builds outside and swaps days inside.
 */
export class BigqueryDriver implements Warehouse {
  readonly dialect = new BigqueryDialect();
  readonly adapter = bigqueryAdapter;
  private sessionId: string | null = null;
  private readonly tx = new TransactionScope({ begin: 'BEGIN TRANSACTION', commit: 'COMMIT TRANSACTION', rollback: 'ROLLBACK TRANSACTION' });
  private labels: Record<string, string>;

  constructor(
    private readonly client: BigQuery,
    private readonly config: BigqueryTargetConfig,
    session: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.labels = { backfill_command: labelValue(session.split(' ').slice(1, 2).join('') || 'backfill') };
  }

  static open(config: BigqueryTargetConfig, targetName: string, session: string): BigqueryDriver {
    return new BigqueryDriver(new BigQuery(bigqueryClientOptions(config, targetName)), config, session);
  }

  /** Labels added to every following job (e.g. the operation id or the model being rebuilt). */
  setLabels(labels: Readonly<Record<string, string>>): void {
    this.labels = { ...this.labels, ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [labelValue(k), labelValue(v)])) };
  }

  async run(stmt: Statement): Promise<QueryResult> {
    return this.job(stmt, {}, async (job) => {
      const rows = await allRows(job);
      const [meta] = await job.getMetadata();
      const changed = Number(meta?.statistics?.query?.numDmlAffectedRows ?? 0);
      return { rows, rowsChanged: changed };
    });
  }

  /** Bytes the statement would process, from a dry-run job (nothing runs, nothing is billed). */
  async estimate(stmt: Statement): Promise<number> {
    return this.job(stmt, { dryRun: true }, async (job) => Number(job.metadata?.statistics?.totalBytesProcessed ?? 0));
  }

  inTransaction(): boolean {
    return this.tx.isOpen;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.sessionId) await this.openSession();
    return this.tx.run((s) => this.run(s), fn);
  }

  /**
   * Rows into a table by a load job from NDJSON (never streaming inserts: rows in the streaming buffer cannot be
   * changed by DML for about 30 minutes). Load jobs are not billed by bytes scanned.
   */
  async appendRows(table: string, columns: readonly AppendColumn[], source: AppendRows): Promise<void> {
    // One load job of all the rows.
    const rows: Array<readonly unknown[]> = [];
    for await (const batch of appendBatches(source)) for (const row of batch) rows.push(row);
    const parts = table.split('.');
    const [name, dataset] = [parts[parts.length - 1]!, parts[parts.length - 2]!];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-load-')), `${name}.ndjson`);
    // A timestamp is a Date or microseconds since the epoch (kept to the microsecond: RFC 3339 with six digits).
    const cell = (v: unknown, c: AppendColumn): unknown => (v instanceof Date ? v.toISOString() : c.type === 'timestamp' && v !== null && v !== undefined ? `${formatMicros(appendMicros(v)).replace(' ', 'T')}Z` : (v ?? null));
    const line = (row: readonly unknown[]): string => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, cell(row[i], c)])));
    fs.writeFileSync(file, rows.map(line).join('\n') + '\n');
    const type = { string: 'STRING', timestamp: 'TIMESTAMP', bool: 'BOOL', int: 'INT64' } as const;
    try {
      const ds = this.client.dataset(dataset, { location: this.config.location, ...(parts.length === 3 ? { projectId: parts[0] } : {}) });
      await ds.table(name).load(file, {
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        writeDisposition: 'WRITE_APPEND',
        schema: { fields: columns.map((c) => ({ name: c.name, type: type[c.type] })) },
      });
    } catch (err) {
      throw new WarehouseError(`-- load job into ${table} from ${file}`, [], err);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }

  async columns(table: string): Promise<readonly string[] | null> {
    const parts = table.split('.');
    const dataset = parts.slice(0, -1).map((p) => `\`${p}\``).join('.');
    let res: QueryResult;
    try {
      res = await this.run({
        sql: `SELECT column_name FROM ${dataset}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table_name ORDER BY ordinal_position`,
        params: { table_name: parts[parts.length - 1] },
      });
    } catch (err) {
      // A dataset that does not exist has no INFORMATION_SCHEMA: BigQuery answers 404 notFound (found by the emulator).
      if (err instanceof WarehouseError && /Not found: Dataset/i.test(describe(err.cause))) return null;
      throw err;
    }
    return res.rows.length === 0 ? null : res.rows.map((r) => String(r['column_name']));
  }

  /**
   * Ends the session it opened (BigQuery keeps an idle one active for 24 hours): a run's planning reads the oldest
   * active session as a write that may still commit (src/rebuild/sql/open_writes.bigquery.sql), so a session left
   * open would hold every later run's watermark back. Best effort: a session that cannot be aborted expires.
   */
  async close(): Promise<void> {
    if (this.sessionId === null) return;
    try {
      await this.job({ sql: 'CALL BQ.ABORT_SESSION()', params: {} }, {}, (job) => job.getQueryResults());
    } catch {
      // expires on its own
    } finally {
      this.sessionId = null;
    }
  }

  private async openSession(): Promise<void> {
    this.sessionId = await this.job({ sql: 'SELECT 1', params: {} }, { createSession: true }, async (job) => {
      await job.getQueryResults();
      const [meta] = await job.getMetadata();
      return meta?.statistics?.sessionInfo?.sessionId ?? job.metadata?.statistics?.sessionInfo?.sessionId ?? null;
    });
    if (!this.sessionId) throw new WarehouseError('SELECT 1', [], new Error('BigQuery did not return a session id'));
  }

  /**
   * The one place a job is submitted, awaited and read: `use` gets the created job (it waits for the results).
   * A failure at any of the three steps becomes a WarehouseError with the SQL and parameters; a retryable one
   * (RETRYABLE: refused at insert, or a job that was still RUNNING at insert and failed later, such as DML that
   * lost a concurrent-update race) submits a new job, with exponential backoff, bounded by max_retries — never
   * inside a transaction, which BigQuery has rolled back by then.
   */
  private async job<T>(stmt: Statement, kind: { dryRun?: boolean; createSession?: boolean }, use: (job: Job) => Promise<T>): Promise<T> {
    const options = this.queryOptions(stmt, kind.dryRun === true, kind.createSession === true);
    for (let attempt = 0; ; attempt++) {
      try {
        const [job] = await this.client.createQueryJob(options);
        return await use(job);
      } catch (err) {
        // Inside a transaction a failed statement has rolled the transaction back (BigQuery's rule without an
        // exception handler): resubmitting it would run it alone, outside the transaction. The caller's rollback
        // and the operation's failure stand; only a statement outside a transaction is retried.
        const retry = attempt < this.config.max_retries && RETRYABLE.test(describe(err)) && !this.tx.isOpen;
        if (!retry) throw new WarehouseError(stmt.sql, Object.values(stmt.params), err);
        await this.sleep(this.config.retry_base_delay_ms * 2 ** attempt);
      }
    }
  }

  private queryOptions(stmt: Statement, dryRun: boolean, createSession: boolean): Query {
    const options: Query & { createSession?: boolean; connectionProperties?: Array<{ key: string; value: string }> } = {
      query: stmt.sql,
      params: stmt.params as Record<string, unknown>,
      location: this.config.location,
      maximumBytesBilled: String(this.config.maximum_bytes_billed),
      labels: this.labels,
      dryRun,
      useLegacySql: false,
      ...(createSession ? { createSession: true } : {}),
      ...(this.sessionId ? { connectionProperties: [{ key: 'session_id', value: this.sessionId }] } : {}),
    };
    return options;
  }
}

function describe(err: unknown): string {
  const e = err as { message?: string; errors?: Array<{ reason?: string; message?: string }> };
  return [e.message ?? '', ...(e.errors ?? []).map((x) => `${x.reason ?? ''} ${x.message ?? ''}`)].join(' ');
}

/**
 * Every page of a job's results, converted from the REST cells by src/targets/bigquery/bigquery-rows.ts (not by the
 * client, whose timestamps misread negative fractions). A page of a job still running comes back empty with the
 * same request to repeat.
 */
async function allRows(job: Job): Promise<Row[]> {
  const out: Row[] = [];
  let query: QueryResultsOptions | null | undefined = { skipParsing: true, autoPaginate: false };
  while (query) {
    // With autoPaginate off the client answers [rows, the next page's request, the REST response].
    const [rows, next, resp] = (await job.getQueryResults(query)) as unknown as [unknown[] | null, QueryResultsOptions | null, { schema?: { fields?: RestField[] } } | undefined];
    if (resp?.schema?.fields && rows) out.push(...restRows(resp.schema.fields, rows));
    query = next;
  }
  return out;
}
