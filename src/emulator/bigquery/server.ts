import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientSource } from '../../zetasql/analyzer';
import type { Session } from './ddl';
import { Engine, type JobResult, type StatementObserver } from './engine';
import { BigqueryError, type Parameters } from './evaluator';
import { load } from './load';
import { Store } from './store';
import { paramRaw, paramType, restCell, restField, toValue, type JsonObject, type TimestampFormat } from './values';

interface Job {
  readonly projectId: string;
  readonly jobId: string;
  readonly location: string;
  readonly configuration: JsonObject;
  readonly created: number;
  readonly result: JobResult | null;
  readonly error: BigqueryError | null;
  readonly sessionId: string | null;
  readonly createdSession: boolean;
}

const STATUS: Readonly<Record<number, string>> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
const obj = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});
const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * A local BigQuery REST endpoint (the subset @google-cloud/bigquery uses: jobs.insert, jobs.query, getQueryResults
 * with paging, jobs.get, jobs.cancel, multipart load jobs) that executes each job on the emulator's engine. Jobs run
 * one at a time, to completion, before the request that submitted them is answered.
 */
export class BigqueryEmulator {
  readonly store: Store;
  private readonly engine: Engine;
  private readonly jobs = new Map<string, Job>();
  private readonly sessions = new Map<string, Session>();
  private server: http.Server | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private projectFixed: boolean;

  constructor(service: ClientSource, opts: { project?: string; location?: string; observe?: StatementObserver } = {}) {
    this.store = new Store(opts.project ?? 'emulator', opts.location ?? 'EU');
    this.projectFixed = opts.project !== undefined;
    this.engine = new Engine(service, this.store, opts.observe);
  }

  /** Listens on 127.0.0.1 (port 0: a free one); resolves to the endpoint for a target's `api_endpoint`. */
  async start(port = 0): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://emulator');
    const query = Object.fromEntries(url.searchParams);
    let status = 200;
    let payload: unknown;
    try {
      payload = await this.route(req.method ?? 'GET', url.pathname, query, raw, String(req.headers['content-type'] ?? ''));
    } catch (e) {
      const err = e instanceof BigqueryError ? e : new BigqueryError(500, 'internalError', `BigQuery emulator: ${String((e as Error)?.stack ?? e)}`);
      status = err.code;
      payload = { error: { code: err.code, message: err.message, status: STATUS[err.code] ?? 'UNKNOWN', errors: [{ reason: err.reason, message: err.message, domain: 'global' }] } };
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(payload));
  }

  private async route(method: string, pathname: string, query: Record<string, string>, raw: string, contentType: string): Promise<unknown> {
    const upload = /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(pathname);
    if (upload && method === 'POST') return this.serial(() => this.loadJob(upload[1]!, contentType, raw));
    const m = /^\/bigquery\/v2\/projects\/([^/]+)\/(queries|jobs)(?:\/([^/]+))?(\/cancel)?$/.exec(pathname);
    if (!m) throw new BigqueryError(404, 'notFound', `Not found: ${method} ${pathname} (the BigQuery emulator serves jobs and queries only)`);
    const [, projectId = '', kind, id, cancel] = m;
    const body = obj(raw ? JSON.parse(raw) : {});
    if (method === 'POST' && !id) return this.serial(() => this.submit(kind === 'jobs', decodeURIComponent(projectId), body));
    const job = this.jobs.get(decodeURIComponent(id ?? ''));
    if (!job) throw new BigqueryError(404, 'notFound', `Not found: Job ${projectId}:${query['location'] ?? this.store.location}.${id}`);
    if (method === 'GET' && kind === 'queries') return { kind: 'bigquery#getQueryResultsResponse', ...this.page(job, query) };
    if (method === 'GET') return this.resource(job);
    if (cancel) return { kind: 'bigquery#jobCancelResponse', job: this.resource(job) };
    throw new BigqueryError(404, 'notFound', `Not found: ${method} ${pathname}`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async submit(insert: boolean, projectId: string, body: JsonObject): Promise<unknown> {
    if (!this.projectFixed) {
      this.store.project = projectId;
      this.projectFixed = true;
    }
    const configuration = insert ? obj(body['configuration']) : { query: body };
    const q = obj(configuration['query']);
    if (insert && !configuration['query']) throw new BigqueryError(400, 'invalid', 'the BigQuery emulator runs query jobs and multipart load jobs only');
    const dryRun = (insert ? configuration['dryRun'] : body['dryRun']) === true;
    const location = String((insert ? obj(body['jobReference'])['location'] : body['location']) ?? this.store.location);
    const { session, sessionId, created } = this.session(q);
    let result: JobResult | null = null;
    let error: BigqueryError | null = null;
    try {
      result = await this.engine.run(String(q['query'] ?? ''), parameters(q), session, dryRun);
    } catch (e) {
      if (!(e instanceof BigqueryError)) throw e;
      error = e;
    } finally {
      if (session.aborted && sessionId) this.sessions.delete(sessionId);
    }
    if (dryRun) {
      if (error) throw error;
      const processed = String(result!.bytesProcessed);
      // A dry run is not billed: BigQuery reports what the query would process, and 0 billed.
      const statistics = { creationTime: String(Date.now()), totalBytesProcessed: processed, query: { totalBytesProcessed: processed, totalBytesBilled: '0', statementType: result!.statementType } };
      return insert ? { kind: 'bigquery#job', jobReference: { projectId, location }, configuration, statistics, status: { state: 'DONE' } }
        : { kind: 'bigquery#queryResponse', jobReference: { projectId, location }, jobComplete: true, totalBytesProcessed: processed };
    }
    const jobId = String(obj(body['jobReference'])['jobId'] ?? `job_emulator_${++this.seq}`);
    if (this.jobs.has(jobId)) throw new BigqueryError(409, 'duplicate', `Already Exists: Job ${projectId}:${location}.${jobId}`);
    const job: Job = { projectId, jobId, location, configuration, created: Date.now(), result, error, sessionId, createdSession: created };
    this.jobs.set(jobId, job);
    if (insert) return this.resource(job);
    return { kind: 'bigquery#queryResponse', ...this.page(job, { maxResults: String(body['maxResults'] ?? ''), ...formatQuery(obj(body['formatOptions'])) }) };
  }

  private session(q: JsonObject): { session: Session; sessionId: string | null; created: boolean } {
    const id = list(q['connectionProperties']).find((p) => p['key'] === 'session_id')?.['value'];
    if (typeof id === 'string') {
      const session = this.sessions.get(id);
      if (!session) throw new BigqueryError(400, 'invalid', `Session ${id} not found or expired`);
      return { session, sessionId: id, created: false };
    }
    const session: Session = { temps: new Map(), tx: null, ephemeral: q['createSession'] !== true };
    if (session.ephemeral) return { session, sessionId: null, created: false };
    const sessionId = `emulator-session-${++this.seq}`;
    this.sessions.set(sessionId, session);
    return { session, sessionId, created: true };
  }

  private async loadJob(projectId: string, contentType: string, raw: string): Promise<unknown> {
    const { configuration, jobReference } = load(this.store, contentType, raw);
    const jobId = String(jobReference['jobId'] ?? `load_emulator_${++this.seq}`);
    const job: Job = { projectId, jobId, location: String(jobReference['location'] ?? this.store.location), configuration, created: Date.now(), result: null, error: null, sessionId: null, createdSession: false };
    this.jobs.set(jobId, job);
    return this.resource(job);
  }

  private page(job: Job, query: Record<string, string>): JsonObject {
    if (job.error) throw job.error;
    const ts: TimestampFormat = query['formatOptions.timestampOutputFormat'] === 'ISO8601_STRING' ? 'iso'
      : query['formatOptions.useInt64Timestamp'] === 'true' || query['formatOptions.timestampOutputFormat'] === 'INT64' ? 'int64' : 'float';
    const r = job.result;
    const out: JsonObject = { jobReference: this.ref(job), jobComplete: true, cacheHit: false, totalBytesProcessed: String(r?.bytesProcessed ?? 0) };
    if (r?.dml !== null && r?.dml !== undefined) out['numDmlAffectedRows'] = String(r.dml);
    if (job.createdSession && job.sessionId) out['sessionInfo'] = { sessionId: job.sessionId };
    if (!r?.columns || !r.rows) return out;
    const columns = r.columns;
    out['schema'] = { fields: columns.map((c) => restField(c.name, c.type)) };
    const offset = query['pageToken'] ? Number(Buffer.from(query['pageToken'], 'base64url').toString('utf8')) : Number(query['startIndex'] || 0);
    const size = Number(query['maxResults'] || 0) || Infinity;
    const slice = r.rows.slice(offset, offset + size);
    out['totalRows'] = String(r.rows.length);
    out['rows'] = slice.map((row) => ({ f: columns.map((c, i) => restCell(row[i], c.type, ts)) }));
    if (offset + slice.length < r.rows.length) out['pageToken'] = Buffer.from(String(offset + slice.length), 'utf8').toString('base64url');
    return out;
  }

  private resource(job: Job): JsonObject {
    const r = job.result;
    const processed = String(r?.bytesProcessed ?? 0);
    const query: JsonObject = { totalBytesProcessed: processed, totalBytesBilled: String(r?.bytesBilled ?? 0), cacheHit: false, statementType: r?.statementType ?? 'LOAD' };
    if (r?.dml !== null && r?.dml !== undefined) query['numDmlAffectedRows'] = String(r.dml);
    if (r?.columns) query['schema'] = { fields: r.columns.map((c) => restField(c.name, c.type)) };
    const e = job.error ? { reason: job.error.reason, message: job.error.message, location: '', domain: 'global' } : null;
    return {
      kind: 'bigquery#job', id: `${job.projectId}:${job.location}.${job.jobId}`, jobReference: this.ref(job), configuration: job.configuration,
      statistics: { creationTime: String(job.created), startTime: String(job.created), endTime: String(job.created), totalBytesProcessed: processed, query,
        ...(job.sessionId ? { sessionInfo: { sessionId: job.sessionId } } : {}) },
      status: e ? { state: 'DONE', errorResult: e, errors: [e] } : { state: 'DONE' },
    };
  }

  private ref(job: Job): JsonObject {
    return { projectId: job.projectId, jobId: job.jobId, location: job.location };
  }
}

function formatQuery(fmt: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  if (fmt['useInt64Timestamp'] === true) out['formatOptions.useInt64Timestamp'] = 'true';
  if (typeof fmt['timestampOutputFormat'] === 'string') out['formatOptions.timestampOutputFormat'] = fmt['timestampOutputFormat'];
  return out;
}

/** A query's named parameters, typed as the request declares them. */
function parameters(q: JsonObject): Parameters {
  const types: Parameters['types'] = [];
  const values: Parameters['values'] = [];
  for (const p of list(q['queryParameters'])) {
    const name = String(p['name'] ?? '');
    const type = paramType(obj(p['parameterType']) as never);
    types.push({ name, type });
    values.push({ name, value: toValue(paramRaw(obj(p['parameterValue']) as never, type), type) });
  }
  return { types, values };
}
