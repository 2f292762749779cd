/**
 * Issue 18, item 2: migrations follow the configuration. Each application of a migration is recorded with what it
 * rendered; when `tables:` changes, `migrate` re-applies the migrations that name the changed tables (creating the
 * new ones) and says so, and `run` refuses with "run backfill migrate" until then. The original table is created
 * only on a local target or with `--create-original`; elsewhere its absence is refused, naming it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli, expectUsageError } from '../helpers/cli';
import { columnsOf, warehouse, type Kind, type Warehouse } from '../helpers/test-tables';

const AS_OF = '2026-11-23T12:00:00Z';
const setTables = (w: Warehouse, tables: string): void => fs.appendFileSync(path.join(w.dir, 'backfill.yml'), `tables: ${tables}\n`);

describe.each<Kind>(['duckdb', 'postgres'])('on %s', (k) => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await warehouse(k);
  });
  afterEach(() => w.close());

  it('a new exceptions table in tables: is refused by run until migrate re-applies what names it, creates it and says so', async () => {
    expect(cli(w.dir, ['migrate', '--create-original']).status).toBe(0);
    await w.sql("INSERT INTO s3.backend_events_exclusions (event_id, event_created_at, event_name) VALUES ('x1', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped')");
    setTables(w, '{ exceptions: s3.team_exceptions }');
    expectUsageError(cli(w.dir, ['run', '--as-of', AS_OF]), /^error: tables\.exceptions: s3\.team_exceptions does not exist; run 'backfill migrate --target local' first/);

    const dry = cli(w.dir, ['migrate', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('-- would create s3.team_exceptions');
    expect(dry.stdout).toMatch(/^-- would re-apply migration 0001_event_tables \(what it renders for this configuration is not what was applied\)$/m);
    expect(dry.stdout).toMatch(/CREATE TABLE IF NOT EXISTS "?s3"?\."?team_exceptions"?/);
    expect(await columnsOf(w, 's3.team_exceptions')).toEqual([]);

    const m = cli(w.dir, ['migrate']);
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/^0001_event_tables +re-applied$/m);
    // 0007 adds exception_seq to the exceptions table it names: the new table gets it too.
    expect(m.stdout).toMatch(/^0007_write_order_canonical_json +re-applied$/m);
    expect(m.stdout).toMatch(/^0002_framework_tables +up to date$/m);
    expect(m.stdout).toMatch(/^s3\.team_exceptions: created$/m);
    expect(await columnsOf(w, 's3.team_exceptions')).toEqual(expect.arrayContaining(['event_id', 'operation_id', 'inserted_at', 'exception_seq']));
    // The unchanged tables kept their rows; a second migrate has nothing to do.
    expect(await w.sql('SELECT event_id FROM s3.backend_events_exclusions')).toEqual([{ event_id: 'x1' }]);
    expect(cli(w.dir, ['migrate']).stdout).toMatch(/migrate: 0 applied, 11 up to date/);
    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
  });

  it('a changed stage_schema (no event table missing) is still refused by run: the migrations are due, named', async () => {
    expect(cli(w.dir, ['migrate', '--create-original']).status).toBe(0);
    setTables(w, '{ stage_schema: team_stage }');
    const r = cli(w.dir, ['run', '--as-of', AS_OF]);
    expectUsageError(r, /^error: migrations due \(0001_event_tables: what it renders for this configuration is not what was applied \(tables: in backfill\.yml changed, or an older backfill applied it\)\); run 'backfill migrate --target local' first$/);
    expect(cli(w.dir, ['migrate']).status).toBe(0);
    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    expect(await columnsOf(w, 'team_stage.card_shipped')).toContain('event_id');
  });

  it('a warehouse migrated by an older backfill (no rendered checksum recorded): run asks for migrate, which re-applies each migration once', async () => {
    expect(cli(w.dir, ['migrate', '--create-original']).status).toBe(0);
    await w.sql('UPDATE backfill.schema_migrations SET rendered_checksum = NULL');
    expectUsageError(cli(w.dir, ['run', '--as-of', AS_OF]), /^error: migrations due \(0001_event_tables: .*0009_inserted_at_utc: .*\); run 'backfill migrate/);
    const m = cli(w.dir, ['migrate']);
    expect(m.stdout).toContain('migrate: 0 applied, 11 re-applied for this configuration, 0 up to date');
    // One row per application: the history stays.
    expect((await w.sql("SELECT count(*) AS n FROM backfill.schema_migrations WHERE migration_id = '0001_event_tables'")).map((r) => String(r['n']))).toEqual(['2']);
    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
  });
});

describe('the original table', () => {
  it('on PostgreSQL a missing original is refused, naming it, and nothing is written; --create-original creates it and says so', async () => {
    const w = await warehouse('postgres');
    try {
      const r = cli(w.dir, ['migrate']);
      expectUsageError(r, /^error: tables\.original: kinesis\.backend_events does not exist; point tables\.original in backfill\.yml at the table your events land in, or pass --create-original to create an empty one$/);
      expect(await w.sql("SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('backfill', 'kinesis', 's3')")).toEqual([]);
      expect(cli(w.dir, ['migrate', '--dry-run']).status).toBe(2);
      const created = cli(w.dir, ['migrate', '--create-original']);
      expect(created.status).toBe(0);
      expect(created.stdout.split('\n').filter((l) => l.endsWith(': created'))).toEqual(['kinesis.backend_events: created', 's3.backend_events_exceptions: created', 's3.backend_events_exclusions: created']);
    } finally {
      await w.close();
    }
  });

  it('on PostgreSQL an existing original is used as it is: no flag needed, it is not created, not altered', async () => {
    const w = await warehouse('postgres');
    try {
      await w.sql('CREATE SCHEMA kinesis');
      await w.sql('CREATE TABLE kinesis.backend_events (event_id text, event_created_at timestamptz, event_name text, user_id text, event_external_reference_id text, event_advisor_id text, event_data jsonb, event_ingested_at timestamptz, loaded_by text)');
      const m = cli(w.dir, ['migrate']);
      expect(m.status).toBe(0);
      expect(m.stdout).not.toContain('kinesis.backend_events: created');
      expect(await columnsOf(w, 'kinesis.backend_events')).toEqual(['event_id', 'event_created_at', 'event_name', 'user_id', 'event_external_reference_id', 'event_advisor_id', 'event_data', 'event_ingested_at', 'loaded_by']);
    } finally {
      await w.close();
    }
  });

  it('on DuckDB migrate --dry-run before the file exists shows all it would create and writes no file', async () => {
    const w = await warehouse('duckdb');
    try {
      const file = path.join(w.dir, 'warehouse.duckdb');
      const r = cli(w.dir, ['migrate', '--dry-run']);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(r.stdout).toContain('-- would create kinesis.backend_events');
      expect(r.stdout).toMatch(/^-- would apply migration 0009_inserted_at_utc$/m);
      expect(r.stdout).toMatch(/^migrate \(dry run\): 0 tables to alter, 3 to create, 11 migrations to apply; nothing written \(target local\)$/m);
      expect(fs.existsSync(file)).toBe(false);
      expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(2);
    } finally {
      await w.close();
    }
  });
});
