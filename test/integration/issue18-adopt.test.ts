/**
 * Issue 18, item 1: `migrate` adopts the event tables a team already has, with exactly the runbook's columns (SPEC
 * §2: no operation_id, no inserted_at, no exception_seq) and rows written by hand. It appends the framework's
 * columns (ALTER TABLE … ADD COLUMN, defaults set), never rewrites a row; `--dry-run` prints the SQL and writes
 * nothing; an incompatible column type is refused; pre-adoption rows take part in SPEC §3 and revert leaves them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli, expectUsageError } from '../helpers/cli';
import { columnsOf, TYPES, warehouse, type Kind, type Warehouse } from '../helpers/test-tables';
import type { Row } from '../../src/targets/warehouse';

const AS_OF = '2026-11-23T12:00:00Z';
/** The three tables with exactly the runbook's columns, as a team has them before adopting backfill. */
function runbookTables(k: Kind, exceptionsIdType?: string): string[] {
  const t = TYPES[k];
  const event = `event_id ${t.s}, event_created_at ${t.ts}, event_name ${t.s}, user_id ${t.s}, event_external_reference_id ${t.s}, event_advisor_id ${t.s}, event_data ${t.json}, event_ingested_at ${t.ts}`;
  const excEvent = exceptionsIdType ? event.replace(`event_id ${t.s}`, `event_id ${exceptionsIdType}`) : event;
  return [
    'CREATE SCHEMA kinesis',
    'CREATE SCHEMA s3',
    `CREATE TABLE kinesis.backend_events (${event})`,
    `CREATE TABLE s3.backend_events_exceptions (${excEvent}, exception_added_timestamp ${t.ts}, exception_description ${t.s}, is_event_update ${t.bool})`,
    `CREATE TABLE s3.backend_events_exclusions (event_id ${t.s}, event_created_at ${t.ts}, event_name ${t.s}, exclusion_added_timestamp ${t.ts}, exclusion_description ${t.s})`,
  ];
}

/** Rows analysts wrote by hand: three shipped cards; a1 corrected by an exception, a2 excluded, a3 untouched. */
function handRows(k: Kind): string[] {
  const t = TYPES[k];
  const orig = (id: string, status: string): string =>
    `('${id}', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', 'u1', 'card-${id}', NULL, ${t.cast(`{"Status":"${status}","Carrier":"DHL"}`)}, TIMESTAMP '2026-11-22 10:00:01')`;
  return [
    `INSERT INTO kinesis.backend_events VALUES ${['a1', 'a2', 'a3'].map((id) => orig(id, 'Shipped')).join(', ')}`,
    `INSERT INTO s3.backend_events_exceptions VALUES ('a1', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', 'u1', 'card-a1', NULL, ${t.cast('{"Status":"Failed","Carrier":"DHL"}')}, TIMESTAMP '2026-11-22 10:00:01', TIMESTAMP '2026-11-22 11:00:00', 'by hand', TRUE)`,
    `INSERT INTO s3.backend_events_exclusions VALUES ('a2', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-22 11:00:00', 'duplicate')`,
  ];
}

/** The runbook's INSERT … SELECT after adoption: only the runbook's columns listed, a json_set-like payload change. */
function runbookInsert(k: Kind): string {
  const payload = k === 'duckdb' ? `json_merge_patch(event_data, '{"Status":"Lost"}')` : `event_data || '{"Status":"Lost"}'::jsonb`;
  return `INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update)
    SELECT event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, ${payload}, event_ingested_at, TIMESTAMP '2026-11-23 09:00:00', 'lost in transit', TRUE
    FROM kinesis.backend_events WHERE event_id = 'a3'`;
}

const stage = (w: Warehouse): Promise<Row[]> =>
  w.sql(`SELECT event_id, status, carrier FROM stage.card_shipped ORDER BY event_id`).then((rows) => rows.map((r) => ({ ...r })));
describe.each<Kind>(['duckdb', 'postgres'])('adopting existing runbook tables on %s', (k) => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await warehouse(k);
    for (const s of [...runbookTables(k), ...handRows(k)]) await w.sql(s);
  });
  afterEach(() => w.close());

  it('migrate appends the framework columns; run, a runbook INSERT after adoption and a plain run give the right stage rows', async () => {
    const m = cli(w.dir, ['migrate']);
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('s3.backend_events_exceptions: added operation_id, inserted_at, exception_seq');
    expect(m.stdout).toContain('s3.backend_events_exclusions: added operation_id, inserted_at');
    // Appended after the runbook's columns, in order; the rows are those written by hand, framework columns NULL.
    expect(await columnsOf(w, 's3.backend_events_exclusions')).toEqual(['event_id', 'event_created_at', 'event_name', 'exclusion_added_timestamp', 'exclusion_description', 'operation_id', 'inserted_at']);
    expect((await columnsOf(w, 's3.backend_events_exceptions')).slice(-4)).toEqual(['is_event_update', 'operation_id', 'inserted_at', 'exception_seq']);
    expect(await w.sql('SELECT event_id, operation_id, inserted_at FROM s3.backend_events_exclusions')).toEqual([{ event_id: 'a2', operation_id: null, inserted_at: null }]);
    expect(await w.sql('SELECT event_id, operation_id, inserted_at FROM s3.backend_events_exceptions')).toEqual([{ event_id: 'a1', operation_id: null, inserted_at: null }]);

    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    expect(await stage(w)).toEqual([
      { event_id: 'a1', status: 'Failed', carrier: 'DHL' },
      { event_id: 'a3', status: 'Shipped', carrier: 'DHL' },
    ]);

    await w.sql(runbookInsert(k));
    const inserted = await w.sql(`SELECT ${TYPES[k].text('inserted_at')} AS at, operation_id FROM s3.backend_events_exceptions WHERE event_id = 'a3'`);
    expect(inserted).toEqual([{ at: expect.stringMatching(/^20\d\d-/), operation_id: null }]);
    const again = cli(w.dir, ['run', '--as-of', AS_OF]);
    expect(again.status).toBe(0);
    expect(await stage(w)).toEqual([
      { event_id: 'a1', status: 'Failed', carrier: 'DHL' },
      { event_id: 'a3', status: 'Lost', carrier: 'DHL' },
    ]);
    // A second migrate has nothing left to add.
    const twice = cli(w.dir, ['migrate']);
    expect(twice.status).toBe(0);
    expect(twice.stdout).not.toContain('added');
  });

  it('an exception written after adoption beats one written before it at the same timestamp (the older has NULL inserted_at)', async () => {
    expect(cli(w.dir, ['migrate']).status).toBe(0);
    await w.sql(runbookInsert(k).replace("TIMESTAMP '2026-11-23 09:00:00'", "TIMESTAMP '2026-11-22 11:00:00'").replace("event_id = 'a3'", "event_id = 'a1'"));
    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    expect(await stage(w)).toEqual([
      { event_id: 'a1', status: 'Lost', carrier: 'DHL' },
      { event_id: 'a3', status: 'Shipped', carrier: 'DHL' },
    ]);
  });

  it('revert of an operation after adoption leaves the rows written before it', async () => {
    expect(cli(w.dir, ['migrate']).status).toBe(0);
    const op = cli(w.dir, ['run-operation', 'add_duplicates_to_exclusions', '--args', '{"stage_table_name": "card_shipped", "event_id": "a3", "description": "dup"}', '--json']);
    expect(op.status).toBe(0);
    const opId = String((await w.sql(`SELECT operation_id FROM backfill.operations WHERE macro = 'add_duplicates_to_exclusions'`))[0]!['operation_id']);
    const r = cli(w.dir, ['revert', opId]);
    expect(r.status).toBe(0);
    expect(await w.sql('SELECT event_id FROM s3.backend_events_exclusions ORDER BY event_id')).toEqual([{ event_id: 'a2' }]);
    expect(await w.sql('SELECT event_id FROM s3.backend_events_exceptions ORDER BY event_id')).toEqual([{ event_id: 'a1' }]);
  });

  it('migrate --dry-run prints the ALTER statements and writes nothing, not even schema_migrations', async () => {
    const r = cli(w.dir, ['migrate', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('-- would alter s3.backend_events_exclusions: add operation_id, inserted_at');
    expect(r.stdout).toMatch(/ALTER TABLE "s3"\."backend_events_exclusions" ADD COLUMN IF NOT EXISTS "operation_id" (VARCHAR|text);/);
    expect(r.stdout).toMatch(/ALTER TABLE "s3"\."backend_events_exceptions" ALTER COLUMN inserted_at SET DEFAULT/);
    expect(r.stdout).toContain('-- would apply migration 0001_event_tables');
    expect(await columnsOf(w, 's3.backend_events_exclusions')).toEqual(['event_id', 'event_created_at', 'event_name', 'exclusion_added_timestamp', 'exclusion_description']);
    expect(await columnsOf(w, 'backfill.schema_migrations')).toEqual([]);
    expect(await w.sql(`SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('backfill', 'stage')`)).toEqual([]);
  });
});

describe.each<Kind>(['duckdb', 'postgres'])('an incompatible column on %s', (k) => {
  it('is refused: exit 2, one line naming table, column, found and expected type; nothing written', async () => {
    const w = await warehouse(k);
    try {
      for (const s of runbookTables(k, k === 'duckdb' ? 'INTEGER' : 'integer')) await w.sql(s);
      const r = cli(w.dir, ['migrate']);
      expectUsageError(r, /s3\.backend_events_exceptions\.event_id is integer, expected (VARCHAR|text)/i);
      expect(await columnsOf(w, 's3.backend_events_exclusions')).toEqual(['event_id', 'event_created_at', 'event_name', 'exclusion_added_timestamp', 'exclusion_description']);
      expect(await columnsOf(w, 'backfill.schema_migrations')).toEqual([]);
    } finally {
      await w.close();
    }
  });
});

describe.each<Kind>(['duckdb', 'postgres'])('tables: changed after the first migrate, on %s', (k) => {
  let w: Warehouse;
  const pointExclusionsAt = (table: string): void => {
    const yml = path.join(w.dir, 'backfill.yml');
    fs.appendFileSync(yml, `tables: { exclusions: ${table} }\n`);
  };
  beforeEach(async () => {
    w = await warehouse(k);
    for (const s of [...runbookTables(k), ...handRows(k)]) await w.sql(s);
    expect(cli(w.dir, ['migrate']).status).toBe(0);
  });
  afterEach(() => w.close());

  it('a run against a table that does not exist says to run migrate (exit 2), not a catalog error', async () => {
    pointExclusionsAt('s3.team_exclusions');
    const r = cli(w.dir, ['run', '--as-of', AS_OF]);
    expectUsageError(r, /^error: tables\.exclusions: s3\.team_exclusions does not exist; run 'backfill migrate --target local' first/);
  });

  it('a run against an existing table not adopted yet says so; migrate then adds its columns and says so, and the run works', async () => {
    await w.sql(`CREATE TABLE s3.team_exclusions (event_id ${TYPES[k].s}, event_created_at ${TYPES[k].ts}, event_name ${TYPES[k].s}, exclusion_added_timestamp ${TYPES[k].ts}, exclusion_description ${TYPES[k].s})`);
    await w.sql(`INSERT INTO s3.team_exclusions VALUES ('a3', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-22 11:00:00', 'duplicate')`);
    pointExclusionsAt('s3.team_exclusions');
    expectUsageError(cli(w.dir, ['run', '--as-of', AS_OF]), /^error: s3\.team_exclusions lacks the framework's columns operation_id, inserted_at; run 'backfill migrate --target local' first/);
    const m = cli(w.dir, ['migrate']);
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('s3.team_exclusions: added operation_id, inserted_at');
    // What 0001 (and on DuckDB 0009, on PostgreSQL 0010) renders names the new table: re-applied (IF NOT EXISTS: nothing rebuilt).
    expect(m.stdout).toMatch(/^0001_event_tables +re-applied$/m);
    expect(m.stdout).toMatch(k === 'duckdb' ? /^0009_inserted_at_utc +re-applied$/m : /^0009_inserted_at_utc +up to date$/m);
    expect(m.stdout).toMatch(k === 'duckdb' ? /^0010_event_indexes +up to date$/m : /^0010_event_indexes +re-applied$/m);
    expect(m.stdout).toContain('migrate: 0 applied, 2 re-applied for this configuration, 9 up to date');
    expect(cli(w.dir, ['run', '--as-of', AS_OF]).status).toBe(0);
    // a2's exclusion is in the old table, no longer configured; a3 is excluded by the new one.
    expect(await stage(w)).toEqual([
      { event_id: 'a1', status: 'Failed', carrier: 'DHL' },
      { event_id: 'a2', status: 'Shipped', carrier: 'DHL' },
    ]);
  });
});
