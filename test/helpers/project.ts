import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/config/load';
import { compileProject } from '../../src/compiler/project';
import { PACKAGE_ROOT } from '../../src/compiler/package-root';
import { Sql } from '../../src/compiler/sql';
import type { RunContext } from '../../src/compiler/statements';
import { loadEvents, type EventRow } from '../../src/demo/sample-events';
import { migrate } from '../../src/ledger/migrations';
import { migrationStates } from '../../src/ledger/migration-state';
import { runModels } from '../../src/rebuild/run';
import { runOperation, type OperationSummary } from '../../src/operations/run-operation';
import { adapterFor, dialectFor, openWarehouse } from '../../src/targets/registry';
import type { Row, Warehouse } from '../../src/targets/warehouse';
import { Client } from 'pg';
import type { RunSummary } from '../../src/rebuild/results';

/** The local targets every contract test runs on. */
export type TargetKind = 'duckdb' | 'postgres' | 'bigquery';
export const LOCAL_TARGETS: readonly TargetKind[] = ['duckdb', 'postgres'];
/** BigQuery runs only in the live suite (npm run test:live), with its own backfill.yml. */

export const REPO_ROOT = PACKAGE_ROOT;

/** A throwaway project dir: the repo's backfill.yml tables, its example models, a DuckDB file of its own. */
export interface ProjectOptions {
  readonly models?: Record<string, string>;
  readonly macros?: Record<string, string>;
  readonly yml?: string;
  /** For a postgres target: the variable holding its URL. */
  readonly pgUrlEnv?: string;
  /** Drop the project's schemas when the warehouse is closed (live suites on shared warehouses). */
  readonly dropSchemasAfter?: boolean;
}

export function makeProjectDir(opts: ProjectOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-test-'));
  const target = opts.pgUrlEnv ? `  local: { type: postgres, connection_env: ${opts.pgUrlEnv} }` : '  local: { type: duckdb, path: warehouse.duckdb }';
  fs.writeFileSync(
    path.join(dir, 'backfill.yml'),
    opts.yml ?? ['name: test_project', 'target: local', 'targets:', target, 'vars: { current_date_offset: 3, lock_wait_seconds: 5 }', ''].join('\n'),
  );
  fs.mkdirSync(path.join(dir, 'models'));
  const models = opts.models ?? {
    card_shipped: fs.readFileSync(path.join(REPO_ROOT, 'models', 'card_shipped.sql'), 'utf8'),
    payment_completed: fs.readFileSync(path.join(REPO_ROOT, 'models', 'payment_completed.sql'), 'utf8'),
  };
  for (const [name, sql] of Object.entries(models)) fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), sql);
  if (opts.macros) {
    fs.mkdirSync(path.join(dir, 'macros'));
    for (const [name, sql] of Object.entries(opts.macros)) fs.writeFileSync(path.join(dir, 'macros', `${name}.sql`), sql);
  }
  return dir;
}

/**
 * A bigquery target on the BigQuery emulator (issue 20) whose endpoint a test file exported in
 * BACKFILL_BIGQUERY_EMULATOR (test/helpers/emulator.ts starts one): the contract suite's `bigquery` target.
 */
function emulatorYml(): string {
  const api = process.env['BACKFILL_BIGQUERY_EMULATOR'];
  if (!api) throw new Error('a bigquery TestWarehouse needs BACKFILL_BIGQUERY_EMULATOR (start the emulator: test/helpers/emulator.ts) or a yml');
  return [
    'name: test_project', 'target: local', 'targets:',
    `  local: { type: bigquery, project: dw-test-project, location: EU, api_endpoint: "${api}", max_retries: 0, retry_base_delay_ms: 1 }`,
    'vars: { current_date_offset: 3, lock_wait_seconds: 5 }', '',
  ].join('\n');
}

/** A compiled context for a project dir at a given logical now. */
export function contextFor(dir: string, asOf: Date, vars?: string): RunContext {
  const project = loadProject({ projectDir: dir, vars });
  return { project, compiled: compileProject(project, dialectFor(project.target), adapterFor(project.target)), asOf };
}

/** The URL of the tests' PostgreSQL server (started by the global setup, or given in BACKFILL_PG_URL). */
export function pgServerUrl(): string {
  const url = process.env['BACKFILL_PG_URL'];
  if (!url) throw new Error('BACKFILL_PG_URL is not set: the jest global setup starts a server and sets it');
  return url;
}

/** A fresh database on the test server; its URL is exported in a variable of its own. Returns [env name, drop]. */
export async function freshPgDatabase(): Promise<[string, () => Promise<void>]> {
  const name = `bf_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: pgServerUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgServerUrl());
  url.pathname = `/${name}`;
  const env = `BACKFILL_TEST_PG_${name.toUpperCase()}`;
  process.env[env] = url.toString();
  return [
    env,
    async () => {
      const c = new Client({ connectionString: pgServerUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      delete process.env[env];
    },
  ];
}

/** A migrated DuckDB project with helpers to act on it as the CLI would, without spawning. */
export class TestWarehouse {
  private constructor(
    readonly dir: string,
    readonly wh: Warehouse,
    public ctx: RunContext,
    private readonly cleanup: () => Promise<void>,
    private readonly beforeClose: () => Promise<void> = async () => undefined,
  ) {}

  static async create(asOf: Date, opts: ProjectOptions & { target?: TargetKind } = {}): Promise<TestWarehouse> {
    const [pgUrlEnv, drop] = opts.target === 'postgres' ? await freshPgDatabase() : [undefined, async () => undefined];
    const emulated = opts.target === 'bigquery' && opts.yml === undefined;
    const dir = makeProjectDir({ ...opts, pgUrlEnv, ...(emulated ? { yml: emulatorYml() } : {}) });
    const ctx = contextFor(dir, asOf);
    const wh = await openWarehouse(ctx.project, 'backfill test', { ifMissing: 'create' });
    await migrate(wh, ctx, { createOriginal: true });
    const t = ctx.project.config.tables;
    const schemas = [...new Set([t.original, t.exceptions, t.exclusions].map((n) => n.split('.')[0]!).concat(t.stage_schema, t.framework_schema))];
    const dropSchemas = async (): Promise<void> => {
      for (const s of schemas) await wh.run({ sql: `DROP SCHEMA IF EXISTS ${ctx.compiled.env.dialect.quoteIdent(s)} CASCADE`, params: {} });
    };
    return new TestWarehouse(dir, wh, ctx, async () => {
      await drop();
    }, opts.dropSchemasAfter || emulated ? dropSchemas : async () => undefined);
  }

  at(asOf: Date): this {
    this.ctx = { ...this.ctx, asOf };
    return this;
  }

  load(rows: readonly EventRow[]): Promise<void> {
    return loadEvents(this.wh, this.ctx, rows);
  }

  op(macro: string, args: Record<string, unknown>): Promise<OperationSummary> {
    return runOperation(this.wh, this.ctx, macro, args);
  }

  run(opts: { fullRefresh?: boolean; select?: string[] } = {}): Promise<RunSummary> {
    return runModels(this.wh, this.ctx, { fullRefresh: opts.fullRefresh ?? false, select: opts.select });
  }

  async query(sql: string): Promise<Row[]> {
    return [...(await this.wh.run({ sql, params: {} })).rows];
  }

  /** A stage table's rows ordered by event_id (in JavaScript: no collation differences), JSON-friendly. */
  async stage(model: string): Promise<Row[]> {
    const rows = await this.query(`SELECT * FROM ${this.ctx.project.config.tables.stage_schema}.${model}`);
    return rows.sort((a, b) => (String(a['event_id']) < String(b['event_id']) ? -1 : String(a['event_id']) > String(b['event_id']) ? 1 : 0));
  }

  /** A JSON column as text in the target's SQL (the public json_text fragment: BigQuery's TO_JSON_STRING). */
  jsonText(column: string): string {
    return this.ctx.compiled.env.dispatch('json_text', { expr: new Sql(column) }, { asOf: this.ctx.asOf, vars: this.ctx.project.vars }).text;
  }

  async count(table: string): Promise<number> {
    return Number((await this.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
  }

  async close(): Promise<void> {
    await this.beforeClose();
    await this.wh.close();
    await this.cleanup();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An event row with sensible defaults: only what a test cares about needs saying. */
export function event(partial: Partial<Omit<EventRow, 'event_created_at'>> & { event_id: string; event_created_at: Date | string }): EventRow {
  const created = typeof partial.event_created_at === 'string' ? new Date(partial.event_created_at) : partial.event_created_at;
  return {
    event_name: 'CardWasShipped',
    user_id: 'user-1',
    event_external_reference_id: `card-${partial.event_id}`,
    event_advisor_id: null,
    event_data: { Status: 'Shipped', Carrier: 'DHL' },
    event_ingested_at: new Date(created.getTime() + 1000),
    ...partial,
    event_created_at: created,
  };
}

/**
 * The schema_migrations rows a warehouse migrated with this backfill.yml holds (what a REST double answers for them):
 * each migration's checksum and what it renders for that configuration.
 */
export function migrationRecords(yml: string): Array<Record<string, string>> {
  const dir = makeProjectDir({ yml });
  try {
    return migrationStates(contextFor(dir, new Date()), []).map((s) => ({ migration_id: s.id, checksum: s.checksum, rendered_checksum: s.renderedChecksum, applied_at: '2026-11-01T00:00:00Z' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts the rows the warehouse's appendRows is given (arrays or batches as they come); 0 where it has none. */
export function countAppendedRows(wh: Warehouse): () => number {
  let appended = 0;
  const append = wh.appendRows?.bind(wh);
  if (append) {
    wh.appendRows = async (table, columns, rows) => {
      if (Array.isArray(rows)) {
        appended += rows.length;
        return append(table, columns, rows);
      }
      const source = rows as AsyncIterable<ReadonlyArray<readonly unknown[]>>;
      return append(table, columns, (async function* () {
        for await (const batch of source) {
          appended += batch.length;
          yield batch;
        }
      })());
    };
  }
  return () => appended;
}
