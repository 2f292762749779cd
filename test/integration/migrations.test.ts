/** Migrations: applied in order, recorded with a checksum, idempotent; an edited applied migration is refused. */
import fs from 'node:fs';
import path from 'node:path';
import { contextFor, makeProjectDir, REPO_ROOT } from '../helpers/project';
import { migrate } from '../../src/ledger/migrations';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import { UsageError } from '../../src/errors';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const PACKAGE_MIGRATIONS = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort().map((f) => f.slice(0, -4));

it('applies package then project migrations once, records checksums, and refuses an edited one', async () => {
  const dir = makeProjectDir();
  fs.mkdirSync(path.join(dir, 'migrations'));
  const own = path.join(dir, 'migrations', '0100_audit_table.sql');
  fs.writeFileSync(own, 'CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.audit (note {{type "string"}});\n');
  const wh = await DuckdbDriver.open(path.join(dir, 'warehouse.duckdb'));
  try {
    const first = await migrate(wh, contextFor(dir, AS_OF));
    expect(first.map((o) => [o.id, o.status])).toEqual([...PACKAGE_MIGRATIONS, '0100_audit_table'].map((id) => [id, 'applied']));
    expect(PACKAGE_MIGRATIONS.slice(0, 3)).toEqual(['0001_event_tables', '0002_framework_tables', '0003_json_functions']);
    expect((await migrate(wh, contextFor(dir, AS_OF))).every((o) => o.status === 'up to date')).toBe(true);
    const recorded = (await wh.run({ sql: 'SELECT migration_id, checksum FROM backfill.schema_migrations ORDER BY 1', params: {} })).rows;
    expect(recorded.map((r) => r['migration_id'])).toEqual([...PACKAGE_MIGRATIONS, '0100_audit_table']);
    expect(recorded.every((r) => /^[0-9a-f]{64}$/.test(String(r['checksum'])))).toBe(true);
    expect(await wh.columns('backfill.audit')).toEqual(['note']);

    fs.writeFileSync(own, 'CREATE TABLE IF NOT EXISTS {{tables.framework_schema}}.audit (note {{type "string"}}, extra {{type "int"}});\n');
    fs.writeFileSync(path.join(dir, 'migrations', '0101_more.sql'), 'CREATE TABLE {{tables.framework_schema}}.more (x {{type "int"}});\n');
    const edited = migrate(wh, contextFor(dir, AS_OF));
    await expect(edited).rejects.toThrow(UsageError);
    await expect(migrate(wh, contextFor(dir, AS_OF))).rejects.toThrow(/migration 0100_audit_table was edited after it was applied .*put the change in a new migration/);
    expect(await wh.columns('backfill.more')).toBeNull();
  } finally {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
