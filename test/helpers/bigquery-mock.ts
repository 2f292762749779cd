/**
 * BigQueryMock: a local HTTP TEST DOUBLE for the parts of the BigQuery REST API v2 that
 * `@google-cloud/bigquery` (v8) uses for queries. It is NOT BigQuery: no SQL is parsed or run. Every
 * query succeeds with an empty result unless a `respond()` script says otherwise.
 *
 * Point the real client at it:
 *   new BigQuery({ projectId: 'test-project', apiEndpoint: await mock.start(),
 *                  authClient: { getRequestHeaders: async () => ({}) } as never })
 *
 * Routes (all under /bigquery/v2/projects/{projectId}):
 *   POST /queries                 jobs.query       -> QueryResponse (kind bigquery#queryResponse)
 *   POST /jobs                    jobs.insert      -> Job (kind bigquery#job); 409 duplicate on a reused jobId
 *   GET  /queries/{jobId}         getQueryResults  -> GetQueryResultsResponse (pageToken, startIndex, maxResults,
 *                                                   location, formatOptions.* honoured)
 *   GET  /jobs/{jobId}            jobs.get         -> Job
 *   POST /jobs/{jobId}/cancel     jobs.cancel      -> JobCancelResponse { kind, job }
 * Shapes implemented: JobReference {projectId, jobId, location}; JobStatus {state, errorResult, errors};
 * JobStatistics {creationTime, startTime, endTime, totalBytesProcessed, query {totalBytesProcessed,
 * totalBytesBilled, cacheHit, statementType, numDmlAffectedRows, schema}, sessionInfo {sessionId}};
 * TableSchema with legacy type names (INTEGER, FLOAT, BOOLEAN, STRING, TIMESTAMP) and rows as
 * [{f: [{v: string | null}]}] (TIMESTAMP as int64 micros, ISO string or float seconds per formatOptions);
 * errors as HTTP {error: {code, message, status, errors: [{reason, message, domain}]}}.
 * Behaviour: dry runs create no job and answer only statistics (jobReference without jobId); a result larger
 * than maxResults / `pageSize` is paged with pageToken; jobs.query dedups on requestId; createSession opens
 * 'session-N' and connectionProperties session_id must name an open session; maximumBytesBilled below the
 * bytes processed fails the job with bytesBilledLimitExceeded; `pendingPolls` keeps a job RUNNING for that
 * many jobs.get/getQueryResults answers; error `as: 'job'` stores a job that ends DONE with status.errorResult
 * (jobs.insert answers 200 with it, jobs.query and getQueryResults answer the HTTP error, as BigQuery does).
 */
import * as http from 'node:http';
import { Module } from 'node:module';
import type { AddressInfo } from 'node:net';

/**
 * The client's HTTP layer, teeny-request, loads node-fetch v3 (ESM-only) through a dynamic import(), which Jest's
 * CommonJS sandbox refuses ("A dynamic import callback was invoked without --experimental-vm-modules"; the client
 * then retries for ~15 s and fails). Give Jest the real teeny-request loaded by Node's own require, outside the
 * sandbox, in every test file that uses the client:
 *   jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());
 */
export function nativeTeenyRequest(): unknown {
  // Inside Jest, 'module' is Jest's subclass of Node's Module whose createRequire is Jest's; its parent is Node's.
  const parent: unknown = Object.getPrototypeOf(Module);
  const native = typeof parent === 'function' && 'createRequire' in parent ? (parent as typeof Module) : Module;
  return native.createRequire(__filename)('teeny-request');
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type MockFieldType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'TIMESTAMP';
export interface MockField { name: string; type: MockFieldType }
/** TIMESTAMP values: Date, ISO string or epoch milliseconds. */
export type MockValue = string | number | bigint | boolean | Date | null;
export type MockRow = Record<string, MockValue>;
export type MockErrorReason = 'rateLimitExceeded' | 'backendError' | 'invalidQuery' | 'jobRateLimitExceeded'
  | 'bytesBilledLimitExceeded' | 'invalid' | 'notFound' | 'duplicate' | 'stopped' | 'accessDenied';
/** `as`: 'http' (default) answers the submitting call with this HTTP error and creates no job; 'job' creates the
 * job and ends it DONE with status.errorResult. */
export interface MockError { code: 400 | 403 | 404 | 409 | 429 | 500 | 503; reason: MockErrorReason; message: string; as?: 'http' | 'job' }
/** `schema` is inferred from the rows when omitted (integer/bigint -> INT64, other number -> FLOAT64, Date ->
 * TIMESTAMP, ...). `pendingPolls`: how many jobs.get/getQueryResults answers report the job still RUNNING. */
export interface MockResult {
  rows?: MockRow[]; schema?: MockField[]; numDmlAffectedRows?: number; totalBytesProcessed?: number;
  statementType?: string; error?: MockError; pendingPolls?: number;
}
export interface QueryParameter { name?: string; parameterType: JsonObject; parameterValue: JsonObject }
/** One query submission (jobs.query or jobs.insert), normalised; `body` is the raw QueryRequest or Job.
 * `jobId` is unset for dry runs and for submissions answered with an HTTP error. */
export interface SubmittedQuery {
  api: 'jobs.query' | 'jobs.insert'; sql: string; jobId?: string; location: string; dryRun: boolean;
  parameterMode?: string; queryParameters: QueryParameter[]; labels: Record<string, string>; maximumBytesBilled?: string;
  createSession: boolean; connectionProperties: { key: string; value: string }[]; body: JsonObject;
}
export type Responder = (sql: string, request: SubmittedQuery) => MockResult | undefined;
export type RouteName = 'jobs.query' | 'jobs.insert' | 'jobs.getQueryResults' | 'jobs.get' | 'jobs.cancel' | 'unknown';
export interface RecordedRequest { method: string; path: string; route: RouteName; query: Record<string, string>; body: JsonValue | undefined }
/** pageSize: rows per page even without maxResults (default unlimited); defaultLocation: default 'US'. */
export interface BigQueryMockOptions { pageSize?: number; defaultLocation?: string }

interface MockJob {
  projectId: string; jobId: string; location: string; configuration: JsonObject;
  schema?: MockField[]; rows?: MockRow[]; bytes: number; statementType: string; dml?: number;
  error?: MockError; pendingPolls: number; created: number; sessionId?: string; createdSession: boolean;
}
type TsFormat = 'int64' | 'iso' | 'float';
const tsFormat = (useInt64: boolean, output: string | undefined): TsFormat =>
  output === 'ISO8601_STRING' ? 'iso' : useInt64 || output === 'INT64' ? 'int64' : 'float';

class HttpFailure { constructor(readonly error: MockError) {} }

const LEGACY_TYPE: Record<MockFieldType, string> =
  { STRING: 'STRING', INT64: 'INTEGER', FLOAT64: 'FLOAT', BOOL: 'BOOLEAN', TIMESTAMP: 'TIMESTAMP' };
const STATUS_NAME: Record<number, string> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
const DML = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'];

const obj = (v: JsonValue | undefined): JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
const str = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const list = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.map(obj) : []);

export function statementTypeOf(sql: string): string {
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  if (text.replace(/;\s*$/, '').includes(';')) return 'SCRIPT';
  const words = text.toUpperCase().split(/[\s(]+/).filter(Boolean);
  const first = words[0] ?? '';
  if (first === 'SELECT' || first === 'WITH' || text.startsWith('(')) return 'SELECT';
  if (DML.includes(first)) return first;
  if (first === 'TRUNCATE') return 'TRUNCATE_TABLE';
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER') {
    const skip = ['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'IF', 'NOT', 'EXISTS', 'MATERIALIZED'];
    return `${first}_${words.slice(1).find((w) => !skip.includes(w)) ?? 'TABLE'}`;
  }
  return 'SCRIPT';
}

function inferSchema(rows: MockRow[]): MockField[] {
  const fields = new Map<string, MockFieldType>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      if (v === null || fields.has(name)) continue;
      fields.set(name, typeof v === 'boolean' ? 'BOOL' : typeof v === 'bigint' ? 'INT64'
        : typeof v === 'number' ? (Number.isInteger(v) ? 'INT64' : 'FLOAT64') : v instanceof Date ? 'TIMESTAMP' : 'STRING');
    }
    for (const name of Object.keys(row)) if (!fields.has(name)) fields.set(name, 'STRING');
  }
  return [...fields].map(([name, type]) => ({ name, type }));
}

function cell(v: MockValue | undefined, type: MockFieldType, ts: TsFormat): string | null {
  if (v === null || v === undefined) return null;
  if (type === 'BOOL') return String(v === true || v === 'true');
  if (type === 'TIMESTAMP') {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v));
    if (ts === 'iso') return new Date(ms).toISOString();
    // An ISO string keeps its microseconds (BigQuery timestamps have them; JavaScript Dates do not).
    const micros = /\.(\d{4,6})Z$/.exec(typeof v === 'string' ? v : '');
    const us = micros ? BigInt(Math.floor(ms / 1000)) * 1_000_000n + BigInt(micros[1]!.padEnd(6, '0')) : BigInt(Math.round(ms)) * 1000n;
    return ts === 'int64' ? String(us) : String(Number(us) / 1e6);
  }
  return v instanceof Date ? v.toISOString() : String(v);
}

function errorProto(e: MockError): JsonObject {
  return { reason: e.reason, message: e.message, domain: 'global' };
}

export class BigQueryMock {
  readonly requests: RecordedRequest[] = [];
  readonly submitted: SubmittedQuery[] = [];
  /** Load jobs uploaded with uploadType=multipart: the job configuration and the data as sent. */
  readonly loads: Array<{ jobId: string; configuration: JsonObject; data: string }> = [];
  /** Open sessions: session id -> ids of the jobs run in it (the creating job first). */
  readonly sessions = new Map<string, string[]>();
  private readonly responders: Responder[] = [];
  private readonly jobs = new Map<string, MockJob>();
  private readonly byRequestId = new Map<string, string>();
  private server?: http.Server;
  private endpoint = '';
  private seq = 0;

  constructor(private readonly options: BigQueryMockOptions = {}) {}

  /** Listens on 127.0.0.1 (random port); resolves to the apiEndpoint to give the client. */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds a script; the newest script that returns a result wins. Called once per submission (retries too). */
  respond(fn: Responder): this {
    this.responders.unshift(fn);
    return this;
  }

  /** Forgets scripts, requests, jobs and sessions. */
  reset(): void {
    for (const array of [this.responders, this.requests, this.submitted, this.loads] as unknown[][]) array.length = 0;
    for (const map of [this.sessions, this.jobs, this.byRequestId]) map.clear();
  }

  /** The recorded requests of one route, in arrival order. */
  requestsTo(route: RouteName): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const upload = /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(new URL(req.url ?? '/', 'http://mock').pathname);
    if (upload && req.method === 'POST') {
      this.requests.push({ method: 'POST', path: new URL(req.url ?? '/', 'http://mock').pathname, route: 'jobs.insert', query: {}, body: undefined });
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(this.load(upload[1]!, String(req.headers['content-type'] ?? ''), raw)));
      return;
    }
    let body: JsonValue | undefined;
    try { body = raw ? (JSON.parse(raw) as JsonValue) : undefined; } catch { body = raw; }
    const url = new URL(req.url ?? '/', 'http://mock');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const m = /^\/bigquery\/v2\/projects\/([^/]+)\/(queries|jobs)(?:\/([^/]+))?(\/cancel)?$/.exec(url.pathname);
    const [, projectId = '', kind, id, cancel] = m ?? [];
    const route: RouteName = !m ? 'unknown'
      : method === 'POST' && !id ? (kind === 'queries' ? 'jobs.query' : 'jobs.insert')
      : method === 'GET' && id && !cancel ? (kind === 'queries' ? 'jobs.getQueryResults' : 'jobs.get')
      : method === 'POST' && kind === 'jobs' && id && cancel ? 'jobs.cancel' : 'unknown';
    this.requests.push({ method, path: url.pathname, route, query, body });
    let status = 200;
    let payload: JsonValue;
    try {
      const jobId = decodeURIComponent(id ?? '');
      switch (route) {
        case 'jobs.query': case 'jobs.insert': payload = this.submit(route, projectId, obj(body)); break;
        case 'jobs.getQueryResults': payload = this.results(this.lookup(jobId, query), query); break;
        case 'jobs.get': payload = this.poll(this.lookup(jobId, query)); break;
        case 'jobs.cancel': payload = this.cancel(this.lookup(jobId, query)); break;
        default: throw new HttpFailure({ code: 404, reason: 'notFound', message: `Not found: ${method} ${url.pathname}` });
      }
    } catch (e) {
      // A throwing script is a test bug: answer 400 (never retried) rather than 500 (retried for ~15 s).
      const error: MockError = e instanceof HttpFailure ? e.error : { code: 400, reason: 'invalid', message: `BigQueryMock: ${String(e)}` };
      status = error.code;
      payload = { error: { code: error.code, message: error.message, status: STATUS_NAME[error.code] ?? 'UNKNOWN', errors: [errorProto(error)] } };
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(payload));
  }

  private submit(api: 'jobs.query' | 'jobs.insert', projectId: string, body: JsonObject): JsonObject {
    const insert = api === 'jobs.insert';
    const config = insert ? obj(body.configuration) : body;
    const q = insert ? obj(config.query) : body;
    const ref = obj(body.jobReference);
    const requestId = str(body.requestId);
    const seen = !insert && requestId ? this.jobs.get(this.byRequestId.get(requestId) ?? '') : undefined;
    if (seen) return this.answerQuery(seen, body);
    const sub: SubmittedQuery = {
      api, sql: str(q.query) ?? '', location: str(insert ? ref.location : body.location) ?? this.options.defaultLocation ?? 'US',
      dryRun: config.dryRun === true, parameterMode: str(q.parameterMode),
      queryParameters: list(q.queryParameters).map((p) => ({ name: str(p.name), parameterType: obj(p.parameterType), parameterValue: obj(p.parameterValue) })),
      labels: Object.fromEntries(Object.entries(obj(config.labels)).map(([k, v]) => [k, String(v)])),
      maximumBytesBilled: str(q.maximumBytesBilled), createSession: q.createSession === true,
      connectionProperties: list(q.connectionProperties).map((p) => ({ key: str(p.key) ?? '', value: str(p.value) ?? '' })),
      body,
    };
    this.submitted.push(sub);
    const sessionId = sub.connectionProperties.find((p) => p.key === 'session_id')?.value;
    if (sessionId !== undefined && !this.sessions.has(sessionId)) {
      throw new HttpFailure({ code: 400, reason: 'invalid', message: `Session ${sessionId} not found or expired` });
    }
    let result: MockResult = {};
    for (const fn of this.responders) {
      const r = fn(sub.sql, sub);
      if (r) { result = r; break; }
    }
    if (result.error && (result.error.as !== 'job' || sub.dryRun)) throw new HttpFailure(result.error);
    const statementType = result.statementType ?? statementTypeOf(sub.sql);
    const bytes = result.totalBytesProcessed ?? 0;
    const rows = result.rows ?? (statementType === 'SELECT' ? [] : undefined);
    const schema = result.schema ?? (rows ? inferSchema(rows) : undefined);
    const now = Date.now();
    if (sub.dryRun) {
      const jobReference = { projectId, location: sub.location };
      const statistics: JsonObject = { creationTime: String(now), totalBytesProcessed: String(bytes),
        query: { totalBytesProcessed: String(bytes), totalBytesBilled: '0', cacheHit: false, statementType,
          ...(schema ? { schema: this.restSchema(schema) } : {}) } };
      return insert
        ? { kind: 'bigquery#job', jobReference, configuration: obj(body.configuration), statistics, status: { state: 'DONE' } }
        : { kind: 'bigquery#queryResponse', jobReference, jobComplete: true, cacheHit: false, totalBytesProcessed: String(bytes),
            ...(schema ? { schema: this.restSchema(schema) } : {}) };
    }
    const jobId = insert ? str(ref.jobId) ?? `job_mock_${++this.seq}` : `job_mock_${++this.seq}`;
    if (this.jobs.has(jobId)) {
      throw new HttpFailure({ code: 409, reason: 'duplicate', message: `Already Exists: Job ${projectId}:${sub.location}.${jobId}` });
    }
    const limit = sub.maximumBytesBilled === undefined ? undefined : Number(sub.maximumBytesBilled);
    const error: MockError | undefined = result.error ?? (limit !== undefined && bytes > limit
      ? { code: 400, reason: 'bytesBilledLimitExceeded', message: `Query exceeded limit for bytes billed: ${limit}. ${bytes} or higher required.`, as: 'job' }
      : undefined);
    const newSession = sub.createSession ? `session-${this.sessions.size + 1}` : undefined;
    if (newSession) this.sessions.set(newSession, []);
    const inSession = newSession ?? sessionId;
    if (inSession) this.sessions.get(inSession)?.push(jobId);
    const isDml = result.numDmlAffectedRows !== undefined || DML.includes(statementType);
    const { labels, location, formatOptions, requestId: _r, maxResults, timeoutMs, jobCreationMode, ...queryConfig } = body;
    const configuration = insert ? obj(body.configuration) : { jobType: 'QUERY', query: queryConfig, labels: obj(labels) };
    const job: MockJob = { projectId, jobId, location: sub.location, configuration, schema, rows, bytes, statementType,
      dml: isDml ? result.numDmlAffectedRows ?? 0 : undefined, error, pendingPolls: result.pendingPolls ?? 0,
      created: now, sessionId: inSession, createdSession: newSession !== undefined };
    sub.jobId = jobId;
    this.jobs.set(jobId, job);
    if (requestId) this.byRequestId.set(requestId, jobId);
    return insert ? this.jobResource(job) : this.answerQuery(job, body);
  }

  /** A multipart upload (jobs.insert with media): part 1 the Job JSON, part 2 the data; the load job is DONE at once. */
  private load(projectId: string, contentType: string, raw: string): JsonObject {
    const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '';
    const parts = raw.split(`--${boundary}`).map((p) => p.replace(/^\r?\n/, '')).filter((p) => p.trim() !== '' && !p.startsWith('--'));
    const bodyOf = (part: string): string => part.slice(part.search(/\r?\n\r?\n/)).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    const meta = obj(JSON.parse(bodyOf(parts[0] ?? '{}')) as JsonValue);
    const data = bodyOf(parts[1] ?? '');
    const ref = obj(meta.jobReference);
    const jobId = str(ref.jobId) ?? `load_${++this.seq}`;
    const job: MockJob = { projectId, jobId, location: str(ref.location) ?? this.options.defaultLocation ?? 'US', configuration: obj(meta.configuration),
      bytes: 0, statementType: 'LOAD', pendingPolls: 0, created: Date.now(), createdSession: false };
    this.jobs.set(jobId, job);
    this.loads.push({ jobId, configuration: obj(meta.configuration), data });
    return this.jobResource(job);
  }

  private answerQuery(job: MockJob, body: JsonObject): JsonObject {
    if (job.pendingPolls > 0) return { kind: 'bigquery#queryResponse', jobReference: this.ref(job), jobComplete: false };
    if (job.error) throw new HttpFailure(job.error);
    const fmt = obj(body.formatOptions);
    return { kind: 'bigquery#queryResponse', ...this.page(job, 0, str(body.maxResults), tsFormat(fmt.useInt64Timestamp === true, str(fmt.timestampOutputFormat))),
      ...(job.createdSession && job.sessionId ? { sessionInfo: { sessionId: job.sessionId } } : {}) };
  }

  private lookup(jobId: string, query: Record<string, string>): MockJob {
    const job = this.jobs.get(jobId);
    const loc = query.location;
    if (!job || (loc !== undefined && loc !== job.location)) {
      throw new HttpFailure({ code: 404, reason: 'notFound', message: `Not found: Job ${job?.projectId ?? 'project'}:${loc ?? 'US'}.${jobId}` });
    }
    return job;
  }

  /** jobs.get: the job as it stands; each read while pendingPolls > 0 reports RUNNING and uses one up. */
  private poll(job: MockJob): JsonObject {
    const view = this.jobResource(job);
    job.pendingPolls = Math.max(0, job.pendingPolls - 1);
    return view;
  }

  /** jobs.cancel: a running job ends DONE with errorResult 'stopped'; a finished one is unchanged. */
  private cancel(job: MockJob): JsonObject {
    if (job.pendingPolls > 0) {
      job.pendingPolls = 0;
      job.error = { code: 400, reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation', as: 'job' };
    }
    return { kind: 'bigquery#jobCancelResponse', job: this.jobResource(job) };
  }

  private results(job: MockJob, query: Record<string, string>): JsonObject {
    if (job.pendingPolls > 0) {
      job.pendingPolls -= 1;
      return { kind: 'bigquery#getQueryResultsResponse', jobReference: this.ref(job), jobComplete: false };
    }
    if (job.error) throw new HttpFailure(job.error);
    const ts = tsFormat(query['formatOptions.useInt64Timestamp'] === 'true', query['formatOptions.timestampOutputFormat']);
    let offset = Number(query.startIndex ?? 0);
    if (query.pageToken !== undefined) {
      const [tokenJob, at] = Buffer.from(query.pageToken, 'base64url').toString('utf8').split(':');
      if (tokenJob !== job.jobId || at === undefined) throw new HttpFailure({ code: 400, reason: 'invalid', message: 'Invalid page token' });
      offset = Number(at);
    }
    return { kind: 'bigquery#getQueryResultsResponse', etag: `"${job.jobId}"`, ...this.page(job, offset, query.maxResults, ts) };
  }

  private page(job: MockJob, offset: number, maxResults: string | undefined, ts: TsFormat): JsonObject {
    const out: JsonObject = { jobReference: this.ref(job), jobComplete: true, cacheHit: false, totalBytesProcessed: String(job.bytes) };
    if (job.dml !== undefined) out.numDmlAffectedRows = String(job.dml);
    if (job.schema) out.schema = this.restSchema(job.schema);
    if (!job.rows || !job.schema) return out;
    const size = Math.min(maxResults ? Number(maxResults) : Infinity, this.options.pageSize ?? Infinity);
    const slice = job.rows.slice(offset, offset + size);
    const fields = job.schema;
    out.totalRows = String(job.rows.length);
    if (slice.length > 0) out.rows = slice.map((row) => ({ f: fields.map((f) => ({ v: cell(row[f.name], f.type, ts) })) }));
    const next = offset + slice.length;
    if (next < job.rows.length) out.pageToken = Buffer.from(`${job.jobId}:${next}`, 'utf8').toString('base64url');
    return out;
  }

  private jobResource(job: MockJob): JsonObject {
    const done = job.pendingPolls === 0;
    const stats: JsonObject = { totalBytesProcessed: String(job.bytes), totalBytesBilled: String(job.bytes), cacheHit: false,
      statementType: job.statementType };
    if (job.dml !== undefined) stats.numDmlAffectedRows = String(job.dml);
    if (job.schema) stats.schema = this.restSchema(job.schema);
    const status: JsonObject = !done ? { state: 'RUNNING' }
      : job.error ? { state: 'DONE', errorResult: errorProto(job.error), errors: [errorProto(job.error)] } : { state: 'DONE' };
    return {
      kind: 'bigquery#job', etag: `"${job.jobId}"`, id: `${job.projectId}:${job.location}.${job.jobId}`,
      selfLink: `${this.endpoint}/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
      user_email: 'mock@example.iam.gserviceaccount.com', configuration: job.configuration, jobReference: this.ref(job),
      statistics: { creationTime: String(job.created), startTime: String(job.created), ...(done ? { endTime: String(Date.now()) } : {}),
        totalBytesProcessed: String(job.bytes), query: stats, ...(job.sessionId ? { sessionInfo: { sessionId: job.sessionId } } : {}) },
      status,
    };
  }

  private ref(job: MockJob): JsonObject {
    return { projectId: job.projectId, jobId: job.jobId, location: job.location };
  }

  private restSchema(schema: MockField[]): JsonObject {
    return { fields: schema.map((f) => ({ name: f.name, type: LEGACY_TYPE[f.type], mode: 'NULLABLE' })) };
  }
}

/** For one test file: a REST double started before its tests, reset before each, stopped after; `endpoint()` its URL. */
export function useBigQueryMock(): { readonly mock: BigQueryMock; readonly endpoint: () => string } {
  const mock = new BigQueryMock();
  let url = '';
  beforeAll(async () => {
    url = await mock.start();
  });
  afterAll(() => mock.stop());
  beforeEach(() => mock.reset());
  return { mock, endpoint: () => url };
}
