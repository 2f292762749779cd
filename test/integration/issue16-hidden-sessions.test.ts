/**
 * Issue 16, item 6, when the CLI's role is neither superuser nor pg_read_all_stats: PostgreSQL hides another role's
 * xact_start from it, so the oldest open transaction cannot be read. Such a session with a transaction open must hold
 * the watermark back (by vars.late_commit_margin_minutes) and the run must say why, never skip it silently.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { cli } from '../helpers/cli';
import { contextFor, event, makeProjectDir, pgServerUrl } from '../helpers/project';
import { loadEvents } from '../../src/demo/sample-events';
import { migrate } from '../../src/ledger/migrations';
import { openWarehouse } from '../../src/targets/registry';

const AS_OF = '2026-11-23T12:00:00Z';
const EXCL = 's3.backend_events_exclusions';

/** A URL of the test server for `user` on `db`. */
function urlFor(user: string, db: string): string {
  const url = new URL(pgServerUrl());
  url.username = user;
  url.password = '';
  url.pathname = `/${db}`;
  return url.toString();
}

describe('late commits by another role that the CLI role cannot see (PostgreSQL, no pg_read_all_stats)', () => {
  const tag = crypto.randomBytes(4).toString('hex');
  const db = `bf_hidden_${tag}`;
  const owner = `bf_owner_${tag}`;
  const analystRole = `analyst_${tag}`;
  const env = `BACKFILL_TEST_PG_HIDDEN_${tag.toUpperCase()}`;
  let admin: Client;
  let analyst: Client;
  let dir: string;

  beforeEach(async () => {
    admin = new Client({ connectionString: pgServerUrl() });
    await admin.connect();
    await admin.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER`);
    await admin.query(`CREATE ROLE ${analystRole} LOGIN NOSUPERUSER`);
    await admin.query(`CREATE DATABASE ${db} OWNER ${owner}`);
    process.env[env] = urlFor(owner, db);
    dir = makeProjectDir({ pgUrlEnv: env });
    // Migrated and loaded by the owner role itself: the CLI's role owns every table.
    const ctx = contextFor(dir, new Date(AS_OF));
    const wh = await openWarehouse(ctx.project, 'backfill test', { ifMissing: 'create' });
    try {
      await migrate(wh, ctx, { createOriginal: true });
      await loadEvents(wh, ctx, [
        // Old, outside the window of 2026-11-20..23: only a touched day brings them into a targeted run.
        event({ event_id: 'c1', event_created_at: '2026-11-01T10:00:00Z' }),
        event({ event_id: 'c3', event_created_at: '2026-11-05T10:00:00Z' }),
        event({ event_id: 'new-1', event_created_at: '2026-11-22T10:00:00Z' }),
      ]);
      await wh.run({ sql: `GRANT USAGE ON SCHEMA s3 TO ${analystRole}`, params: {} });
      await wh.run({ sql: `GRANT INSERT ON ALL TABLES IN SCHEMA s3 TO ${analystRole}`, params: {} });
      await wh.run({ sql: `GRANT USAGE ON ALL SEQUENCES IN SCHEMA s3 TO ${analystRole}`, params: {} });
    } finally {
      await wh.close();
    }
    analyst = new Client({ connectionString: urlFor(analystRole, db) });
    await analyst.connect();
  });
  afterEach(async () => {
    await analyst.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${analystRole}`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
    delete process.env[env];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The stage table's event ids, read as the owner. */
  const ids = async (): Promise<string[]> => {
    const c = new Client({ connectionString: urlFor(owner, db) });
    await c.connect();
    try {
      return (await c.query('SELECT event_id FROM stage.card_shipped ORDER BY event_id')).rows.map((r: { event_id: string }) => r.event_id);
    } finally {
      await c.end();
    }
  };
  const update = ['run-operation', 'update_event_data', '--as-of', AS_OF, '--args', JSON.stringify({ stage_table_name: 'card_shipped', event_ids: ['c1'], set: { '$.Status': 'Failed' }, description: 'wrong status' })];
  const run = ['run', '--select', 'card_shipped', '--as-of', AS_OF];

  /** The analyst's exclusion of c3, in a transaction left open (its inserted_at is this moment). */
  const analystBegins = async (): Promise<void> => {
    await analyst.query('BEGIN');
    await analyst.query(
      `INSERT INTO ${EXCL} (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description)
       VALUES ('c3', TIMESTAMP '2026-11-05 10:00:00', 'CardWasShipped', TIMESTAMP '2026-11-23 11:00:00', 'by hand')`,
    );
  };

  it("PostgreSQL 15 hides the other role's xact_start, backend_start, state and backend_type, not its pid, datid or usename", async () => {
    await analystBegins();
    const c = new Client({ connectionString: urlFor(owner, db) });
    await c.connect();
    try {
      const pid = Number((await analyst.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const [row] = (await c.query('SELECT datid, usename, xact_start, backend_start, state, backend_type, query FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
      expect(row).toMatchObject({ usename: analystRole, xact_start: null, backend_start: null, state: null, backend_type: null, query: '<insufficient privilege>' });
      expect(row.datid).not.toBeNull();
      // Its open transaction is seen through its virtualxid lock, which pg_locks shows to every role.
      const locks = await c.query("SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'virtualxid' AND granted", [pid]);
      expect(locks.rowCount).toBe(1);
    } finally {
      await c.end();
    }
  });

  it("an analyst's exclusion committed after an operation and a run is applied by the next run, with a warning naming pg_read_all_stats", async () => {
    expect(cli(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    expect(await ids()).toEqual(['c1', 'c3', 'new-1']);

    await analystBegins();
    await new Promise((r) => setTimeout(r, 50));
    const op = cli(dir, update);
    expect(op.status).toBe(0);
    const during = cli(dir, run);
    expect(during.status).toBe(0);
    expect(await ids()).toEqual(['c1', 'c3', 'new-1']);
    await analyst.query('COMMIT');

    // The committed row's inserted_at is older than the operation's rows that run saw; the next run still reads it.
    const next = cli(dir, run);
    expect(next.status).toBe(0);
    expect(await ids()).toEqual(['c1', 'new-1']);
    // The run that could not see the analyst's transaction said so, once; the next (none open) says nothing.
    expect(during.stderr).toMatch(/^warning: this role cannot see other roles' sessions \(1 with a transaction open\): watermarks stay 60 minutes \(vars\.late_commit_margin_minutes\) behind .*pg_read_all_stats/m);
    expect(during.stderr.match(/^warning: this role cannot see/gm)).toHaveLength(1);
    expect(next.stderr).not.toMatch(/pg_read_all_stats/);
  });

  it('with pg_read_all_stats granted the run sees the open transaction itself: no warning, no margin', async () => {
    await admin.query(`GRANT pg_read_all_stats TO ${owner}`);
    expect(cli(dir, ['run', '--full-refresh', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(0);
    await analystBegins();
    expect(cli(dir, update).status).toBe(0);
    const during = cli(dir, run);
    expect(during.status).toBe(0);
    expect(during.stderr).not.toMatch(/pg_read_all_stats/);
    await analyst.query('COMMIT');
    expect(cli(dir, run).status).toBe(0);
    expect(await ids()).toEqual(['c1', 'new-1']);
    // No transaction open: the watermark catches up with the high-water mark (nothing held back by the margin).
    expect(cli(dir, run).status).toBe(0);
    const c = new Client({ connectionString: urlFor(owner, db) });
    await c.connect();
    try {
      const [mark] = (await c.query(`SELECT w.watermark = (SELECT GREATEST(MAX(inserted_at), (SELECT MAX(inserted_at) FROM s3.backend_events_exceptions)) FROM ${EXCL}) AS caught_up FROM backfill.model_watermarks w WHERE w.model = 'card_shipped'`)).rows;
      expect(mark.caught_up).toBe(true);
    } finally {
      await c.end();
    }
  });
});
