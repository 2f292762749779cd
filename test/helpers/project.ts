import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/config/load';
import { compileProject, PACKAGE_ROOT } from '../../src/compiler/project';
import type { RunContext } from '../../src/compiler/render';
import { loadEvents, type EventRow } from '../../src/demo/sample-events';
import { migrate } from '../../src/operations/migrate';
import { runModels, type RunSummary } from '../../src/operations/run-models';
import { runOperation, type OperationSummary } from '../../src/operations/run-operation';
import { DuckdbDialect } from '../../src/warehouse/duckdb/duckdb-dialect';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse';
import type { Row, Warehouse } from '../../src/warehouse/warehouse';

export const REPO_ROOT = PACKAGE_ROOT;

/** A throwaway project dir: the repo's backfill.yml tables, its example models, a DuckDB file of its own. */
export function makeProjectDir(opts: { models?: Record<string, string>; macros?: Record<string, string>; yml?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-test-'));
  fs.writeFileSync(
    path.join(dir, 'backfill.yml'),
    opts.yml ??
      ['name: test_project', 'target: local', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }', 'vars: { current_date_offset: 3 }', ''].join('\n'),
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

/** A compiled context for a project dir at a given logical now. */
export function contextFor(dir: string, asOf: Date, vars?: string): RunContext {
  const project = loadProject({ projectDir: dir, vars });
  return { project, compiled: compileProject(project, new DuckdbDialect()), asOf };
}

/** A migrated DuckDB project with helpers to act on it as the CLI would, without spawning. */
export class TestWarehouse {
  private constructor(
    readonly dir: string,
    readonly wh: Warehouse,
    public ctx: RunContext,
  ) {}

  static async create(asOf: Date, opts: Parameters<typeof makeProjectDir>[0] = {}): Promise<TestWarehouse> {
    const dir = makeProjectDir(opts);
    const ctx = contextFor(dir, asOf);
    const wh = await DuckdbWarehouse.open(path.join(dir, 'warehouse.duckdb'));
    await migrate(wh, ctx);
    return new TestWarehouse(dir, wh, ctx);
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

  /** A stage table's rows ordered by event_id, as JSON-friendly objects. */
  stage(model: string): Promise<Row[]> {
    return this.query(`SELECT * FROM stage.${model} ORDER BY event_id`);
  }

  async count(table: string): Promise<number> {
    return Number((await this.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
  }

  async close(): Promise<void> {
    await this.wh.close();
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
