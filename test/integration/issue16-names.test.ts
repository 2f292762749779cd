/**
 * Issue 16 item 1: a stage table can never be written over the original, a side table, a framework table or another
 * model's table. Refused at load (exit 2, one line naming the collision), before anything is written; names are
 * compared as the target compares them (DuckDB folds case, PostgreSQL keeps case but cuts names at 63 bytes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, expectUsageError, ORIGINAL, OPERATIONS, EXC, removeDir, seededCopies, SEED_EVENTS, snapshot } from '../helpers/cli';
import { makeProjectDir, TestWarehouse } from '../helpers/project';
import { BigqueryDialect } from '../../src/targets/bigquery/bigquery-dialect';
import { DuckdbDialect } from '../../src/targets/duckdb/duckdb-dialect';
import { PostgresDialect } from '../../src/targets/postgres/postgres-dialect';

const MODEL = '{{config event_name="CardWasShipped"}}\nselect event_id, event_created_at, user_id from {{events}}\n';
const DUCKDB = '  local: { type: duckdb, path: warehouse.duckdb }';
const POSTGRES = '  local: { type: postgres, connection_env: BACKFILL_PG_URL }';
const yml = (target: string, tables: string): string => ['name: test_project', 'target: local', 'targets:', target, `tables: ${tables}`, ''].join('\n');

/** Replaces the project's models and backfill.yml. */
function setUp(dir: string, target: string, tables: string, models: readonly string[]): void {
  fs.writeFileSync(path.join(dir, 'backfill.yml'), yml(target, tables));
  fs.rmSync(path.join(dir, 'models'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'models'));
  for (const m of models) fs.writeFileSync(path.join(dir, 'models', `${m}.sql`), MODEL);
}

describe('DuckDB: run --full-refresh refuses a colliding configuration and writes nothing', () => {
  let dir: string;
  seededCopies((d) => (dir = d));

  it.each([
    ['stage_schema kinesis + backend_events.sql replaces the original', '{stage_schema: kinesis}', ['backend_events'], [/models\/backend_events\.sql/, /kinesis\.backend_events is tables\.original/]],
    ['stage_schema KINESIS + Backend_Events.sql (DuckDB folds case)', '{stage_schema: KINESIS}', ['Backend_Events'], [/models\/Backend_Events\.sql/, /KINESIS\.Backend_Events is tables\.original/, /on duckdb/]],
    ['stage_schema s3 + backend_events_exceptions.sql replaces a side table', '{stage_schema: s3}', ['backend_events_exceptions'], [/backend_events_exceptions\.sql/, /is tables\.exceptions/]],
    ['stage_schema backfill + operations.sql replaces the ledger', '{stage_schema: backfill}', ['operations'], [/backfill\.yml/, /tables\.stage_schema 'backfill' is tables\.framework_schema/]],
    ['stage_schema BackFill (the framework schema, case folded)', '{stage_schema: BackFill}', ['card_shipped'], [/tables\.stage_schema 'BackFill' is tables\.framework_schema/]],
    ['exceptions == exclusions', '{exceptions: s3.backend_events_exclusions}', ['card_shipped'], [/backfill\.yml/, /tables\.exceptions and tables\.exclusions are one table/]],
    ['exceptions == original', '{exceptions: kinesis.backend_events}', ['card_shipped'], [/tables\.original and tables\.exceptions are one table/]],
    ['exclusions == original, differing in case', '{exclusions: Kinesis.Backend_Events}', ['card_shipped'], [/tables\.original and tables\.exclusions are one table on duckdb/]],
    ['exceptions is the ledger', '{exceptions: backfill.operations}', ['card_shipped'], [/tables\.exceptions: backfill\.operations is the framework's own table operations/]],
    ['stage_schema temp', '{stage_schema: temp}', ['card_shipped'], [/tables\.stage_schema: 'temp' cannot hold/, /private to one connection/]],
    ['stage_schema TEMP', '{stage_schema: TEMP}', ['card_shipped'], [/tables\.stage_schema: 'TEMP' cannot hold/]],
    ['stage_schema system', '{stage_schema: system}', ['card_shipped'], [/tables\.stage_schema: 'system' cannot hold/]],
    ['framework_schema temp', '{framework_schema: temp}', ['card_shipped'], [/tables\.framework_schema: 'temp' cannot hold/]],
    ['original in information_schema', '{original: information_schema.tables}', ['card_shipped'], [/tables\.original: the schema of information_schema\.tables cannot hold/]],
    ['two model files that are one DuckDB table', '{stage_schema: stage}', ['card_shipped', 'Card_Shipped'], [/models\/card_shipped\.sql: its stage table stage\.card_shipped is also the stage table of model 'Card_Shipped' on duckdb/]],
    ['a model named like a work table', '{stage_schema: stage}', ['__backfill_work_card_shipped'], [/model names starting with __backfill_ are kept/]],
    // `warehouse` is the catalog of the test's DuckDB file (warehouse.duckdb): a three-part name is the same table.
    ['original named with the DuckDB catalog + stage_schema kinesis', '{original: warehouse.kinesis.backend_events, stage_schema: kinesis}', ['backend_events'], [/models\/backend_events\.sql: its stage table kinesis\.backend_events is tables\.original \(warehouse\.kinesis\.backend_events\) on duckdb/]],
    ['original named with the catalog, case varied', '{original: WAREHOUSE.Kinesis.backend_events, stage_schema: kinesis}', ['backend_events'], [/is tables\.original \(WAREHOUSE\.Kinesis\.backend_events\)/]],
    ['exclusions named with the catalog + stage_schema s3', '{exclusions: warehouse.s3.backend_events_exclusions, stage_schema: s3}', ['backend_events_exclusions'], [/its stage table s3\.backend_events_exclusions is tables\.exclusions/]],
    ['exceptions named with the catalog, the same table as the original', '{exceptions: warehouse.kinesis.backend_events}', ['card_shipped'], [/tables\.original and tables\.exceptions are one table on duckdb/]],
    ['a three-part framework table', '{exceptions: Warehouse.backfill.operations}', ['card_shipped'], [/tables\.exceptions: Warehouse\.backfill\.operations is the framework's own table operations/]],
  ])('%s', async (_what, tables, models, patterns) => {
    setUp(dir, DUCKDB, tables, models);
    const before = await snapshot(dir);
    expect(before![ORIGINAL]).toBe(7);
    expectUsageError(cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]), ...patterns);
    const after = await snapshot(dir);
    expect(after).toEqual(before);
    for (const t of [ORIGINAL, EXC, OPERATIONS]) expect(after).toHaveProperty([t]);
  });

  it('a stage schema of its own still runs (no false alarm), main included', async () => {
    setUp(dir, DUCKDB, '{stage_schema: main}', ['card_shipped']);
    // The migrations render the new names: migrate re-applies them first (issue 18), as `run` would ask.
    expect(cli(dir, ['migrate']).status).toBe(0);
    const r = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await snapshot(dir))!['main.card_shipped']).toBe(3);
  });

  it('an original named with the catalog and a stage schema of its own runs (no false alarm)', async () => {
    setUp(dir, DUCKDB, '{original: warehouse.kinesis.backend_events, stage_schema: stage}', ['backend_events']);
    // The migrations render the new names: migrate re-applies them first (issue 18), as `run` would ask.
    expect(cli(dir, ['migrate']).status).toBe(0);
    const r = cli(dir, ['run', '--full-refresh', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = await snapshot(dir);
    expect(after![ORIGINAL]).toBe(7);
    expect(after!['stage.backend_events']).toBe(3);
  });
});

describe('PostgreSQL: the same collisions are refused at load (compile), compared as PostgreSQL compares names', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeProjectDir();
  });
  afterEach(() => removeDir(dir));

  const A63 = `${'a'.repeat(63)}`;
  it.each([
    ['stage_schema kinesis + backend_events.sql', '{stage_schema: kinesis}', ['backend_events'], [/kinesis\.backend_events is tables\.original \(kinesis\.backend_events\) on postgres/]],
    ['stage_schema backfill (the ledger schema)', '{stage_schema: backfill}', ['operations'], [/tables\.stage_schema 'backfill' is tables\.framework_schema on postgres/]],
    ['exceptions == exclusions', '{exceptions: s3.backend_events_exclusions}', ['card_shipped'], [/tables\.exceptions and tables\.exclusions are one table on postgres/]],
    ['stage_schema pg_temp', '{stage_schema: pg_temp}', ['card_shipped'], [/tables\.stage_schema: 'pg_temp' cannot hold/, /private to one session/]],
    ['stage_schema pg_temp_3', '{stage_schema: pg_temp_3}', ['card_shipped'], [/tables\.stage_schema: 'pg_temp_3' cannot hold/]],
    ['stage_schema pg_catalog', '{stage_schema: pg_catalog}', ['card_shipped'], [/tables\.stage_schema: 'pg_catalog' cannot hold/]],
    ['stage_schema information_schema', '{stage_schema: information_schema}', ['card_shipped'], [/tables\.stage_schema: 'information_schema' cannot hold/]],
    ['two 73-character model names sharing 63 characters', '{stage_schema: stage}', [`${A63}_first_one`, `${A63}_other_one`], [/_first_one\.sql: model name '\w+' is 73 bytes: postgres keeps 63 bytes/, /_other_one\.sql: model name/]],
    ['a 46-character model name (its work tables would be cut)', '{stage_schema: stage}', ['m'.repeat(46)], [/is 46 bytes/, /at most 45/]],
    ['original named with the database + stage_schema kinesis', '{original: backfill_db.kinesis.backend_events, stage_schema: kinesis}', ['backend_events'], [/its stage table kinesis\.backend_events is tables\.original \(backfill_db\.kinesis\.backend_events\) on postgres/]],
    ['exclusions named with the database + stage_schema s3', '{exclusions: backfill_db.s3.backend_events_exclusions, stage_schema: s3}', ['backend_events_exclusions'], [/is tables\.exclusions/]],
    ['exceptions named with the database, the same table as the original', '{exceptions: backfill_db.kinesis.backend_events}', ['card_shipped'], [/tables\.original and tables\.exceptions are one table on postgres/]],
    ['a table name over 63 bytes', `{original: kinesis.${'e'.repeat(64)}}`, ['card_shipped'], [/tables\.original: 'e{64}' is 64 bytes, longer than postgres keeps \(63\)/]],
  ])('%s', (_what, tables, models, patterns) => {
    setUp(dir, POSTGRES, tables, models);
    expectUsageError(cli(dir, ['compile']), ...patterns);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
  });

  it('run --full-refresh with stage_schema kinesis + backend_events.sql leaves the original as it was', async () => {
    const tw = await TestWarehouse.create(new Date(AS_OF), { target: 'postgres' });
    try {
      await tw.load(SEED_EVENTS);
      const env = /connection_env: (\w+)/.exec(fs.readFileSync(path.join(tw.dir, 'backfill.yml'), 'utf8'))![1]!;
      setUp(tw.dir, `  local: { type: postgres, connection_env: ${env} }`, '{stage_schema: kinesis}', ['backend_events']);
      const count = async (table: string): Promise<number> => Number((await tw.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
      const before = { original: await count(ORIGINAL), ledger: await count(OPERATIONS) };
      expect(before.original).toBe(7);
      expectUsageError(cli(tw.dir, ['run', '--full-refresh', '--as-of', AS_OF]), /kinesis\.backend_events is tables\.original/);
      expect({ original: await count(ORIGINAL), ledger: await count(OPERATIONS) }).toEqual(before);
    } finally {
      await tw.close();
    }
  });

  it('names differing only in case are two PostgreSQL tables (we quote every name): compiled, not refused', () => {
    setUp(dir, POSTGRES, '{stage_schema: Kinesis}', ['backend_events', 'Backend_Events', 'm'.repeat(45)]);
    const r = cli(dir, ['compile']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('DuckDB keeps long names whole: the 73-character models compile there', () => {
    setUp(dir, DUCKDB, '{stage_schema: stage}', [`${A63}_first_one`, `${A63}_other_one`]);
    expect(cli(dir, ['compile']).status).toBe(0);
  });
});

describe('the comparison rule lives on the dialect', () => {
  it('DuckDB folds case; PostgreSQL keeps it and cuts at 63 bytes; BigQuery folds case (is_case_insensitive datasets) and drops its own project', () => {
    expect(new DuckdbDialect().tableKey('KINESIS.Backend_Events')).toBe('kinesis.backend_events');
    expect(new PostgresDialect().tableKey('Kinesis.x')).not.toBe(new PostgresDialect().tableKey('kinesis.x'));
    expect(new PostgresDialect().identifierKey(`${'a'.repeat(63)}_one`)).toBe(new PostgresDialect().identifierKey(`${'a'.repeat(63)}_two`));
    expect(new BigqueryDialect('dw-prod-gwiiag').tableKey('dw-prod-gwiiag.kinesis.Events')).toBe('kinesis.events');
    expect(new BigqueryDialect('dw-prod-gwiiag').tableKey('other-project.kinesis.events')).toBe('other-project.kinesis.events');
    expect(new BigqueryDialect().reservedSchema('INFORMATION_SCHEMA')).not.toBeNull();
  });

  it('DuckDB and PostgreSQL key a catalog.schema.table by its schema and table (stage tables are two-part names there)', () => {
    expect(new DuckdbDialect().tableKey('WAREHOUSE.Kinesis.backend_events')).toBe(new DuckdbDialect().tableKey('kinesis.backend_events'));
    expect(new DuckdbDialect().tableKey('other_file.kinesis.backend_events')).toBe('kinesis.backend_events');
    expect(new PostgresDialect().tableKey('mydb.kinesis.backend_events')).toBe(new PostgresDialect().tableKey('kinesis.backend_events'));
    expect(new PostgresDialect().tableKey('mydb.Kinesis.backend_events')).not.toBe(new PostgresDialect().tableKey('kinesis.backend_events'));
  });
});
