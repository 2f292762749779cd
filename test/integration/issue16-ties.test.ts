/**
 * Issue 16, items 8–10: ties in SPEC §3 and `check` after a correction of an inserted event, on DuckDB and
 * PostgreSQL. Item 8: of exceptions with equal timestamps the later written wins (an imported file's later line,
 * a hand-written INSERT's later row). Item 9: correcting an event that exists only as an inserted exception is no
 * orphan update. Item 10: rule 1's last tie-break compares a canonical payload text, so every target keeps the
 * same copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderState } from '../../src/compiler/statements';
import { Sql } from '../../src/compiler/sql';
import { runChecks } from '../../src/checks/checks';
import { importEvents } from '../../src/import/import-events';
import { revertOperation } from '../../src/revert/revert';
import type { Row } from '../../src/targets/warehouse';
import { event, LOCAL_TARGETS, TestWarehouse, type TargetKind } from '../helpers/project';
import { canonicalJson } from '../helpers/reference';
import { CANONICAL_JSON } from '../../src/semantics/sql';
import { renderFragment } from '../../src/compiler/sql-template';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const PAYLOAD_MODEL = [
  '{{config event_name="CardWasShipped"}}',
  'select event_id, {{json_value "event_data" "$.Status"}} as status, {{json_value "event_data" "$.a"}} as a,',
  '  {{json_value "event_data" "$.aa"}} as aa, {{json_value "event_data" "$.n.bb"}} as n_bb',
  'from {{events}}',
].join('\n');

function writeFile(t: TestWarehouse, name: string, lines: readonly object[]): string {
  const f = path.join(t.dir, name);
  fs.writeFileSync(f, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return f;
}

const statusOf = async (t: TestWarehouse, id: string): Promise<unknown> => (await t.stage('card_shipped')).find((r) => r['event_id'] === id)?.['status'];

describe.each(LOCAL_TARGETS)('%s', (target) => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    await t.load([event({ event_id: 'dup', event_created_at: '2026-11-22T10:00:00Z', event_data: { Status: 'Original' } })]);
    await t.run();
  });
  afterEach(async () => {
    await t.close();
  });

  describe('item 8: equal timestamps, the later write wins', () => {
    const twice = [
      { event_id: 'dup', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'Z-first-line' } },
      { event_id: 'dup', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'A-second-line' } },
    ];

    it('an imported file with the same id twice: the second line wins, also after a revert is undone', async () => {
      const s = await importEvents(t.wh, t.ctx, writeFile(t, 'twice.ndjson', twice), { description: 'twice', mode: 'update', keepExtra: false });
      expect(s).toMatchObject({ status: 'succeeded', imported: 2 });
      const stamps = await t.query("SELECT DISTINCT exception_added_timestamp FROM s3.backend_events_exceptions WHERE event_id = 'dup'");
      expect(stamps).toHaveLength(1); // one operation, one timestamp: only the write order tells the lines apart
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('A-second-line');

      const revert = await revertOperation(t.wh, t.ctx, s.operation_id!, { force: false });
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('Original');
      await revertOperation(t.wh, t.ctx, revert.operation_id!, { force: false });
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('A-second-line');
    });

    it('the order holds with the lines the other way round, and through the line-by-line reader (--keep-extra)', async () => {
      const reversed = [twice[1], twice[0]].map((l, i) => ({ ...l, batch: i }));
      await importEvents(t.wh, t.ctx, writeFile(t, 'reversed.ndjson', reversed), { description: 'reversed', mode: 'update', keepExtra: true });
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('Z-first-line');
    });

    it('a hand-written two-row INSERT at one timestamp: the later row wins (PostgreSQL identity, DuckDB sequence)', async () => {
      const row = (status: string): string =>
        `('dup', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', CAST('{"Status":"${status}"}' AS ${t.ctx.compiled.env.dialect.type('json')}), TIMESTAMP '2026-11-23 09:00:00', 'by hand', TRUE)`;
      await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, event_data, exception_added_timestamp, exception_description, is_event_update)
        VALUES ${row('Z-first-row')}, ${row('A-second-row')}`);
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('A-second-row');
      await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, event_data, exception_added_timestamp, exception_description, is_event_update)
        VALUES ${row('A-third-row')}, ${row('Z-fourth-row')}`);
      await t.run();
      expect(await statusOf(t, 'dup')).toBe('Z-fourth-row');
    });
  });

  it('item 9: check passes after import --insert of an id and a correction of it', async () => {
    const f = writeFile(t, 'insert.ndjson', [{ event_id: 'ins1', event_created_at: '2026-11-22T09:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'Added' } }]);
    await importEvents(t.wh, t.ctx, f, { description: 'missing event', mode: 'insert', keepExtra: false });
    await t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: ['ins1'], set: { '$.Status': 'Fixed' }, description: 'fix it' });
    await t.run();
    expect(await statusOf(t, 'ins1')).toBe('Fixed');
    const failed = (await runChecks(t.wh, t.ctx, [...t.ctx.compiled.models.values()])).filter((r) => r.status === 'fail');
    expect(failed).toEqual([]);
    // A correction of an id nobody ever had is still reported.
    await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, event_data, exception_added_timestamp, exception_description, is_event_update)
      VALUES ('ghost', TIMESTAMP '2026-11-22 10:00:00', 'CardWasShipped', CAST('{"Status":"x"}' AS ${t.ctx.compiled.env.dialect.type('json')}), TIMESTAMP '2026-11-23 10:00:00', 'hand', TRUE)`);
    const orphans = (await runChecks(t.wh, t.ctx, [...t.ctx.compiled.models.values()])).filter((r) => r.check.startsWith('no orphan updates'));
    expect(orphans.map((r) => [r.status, r.sample.map((s) => s['event_id'])])).toEqual([['fail', ['ghost']]]);
  });

  it('item 10: canonical_json gives the same text as the reference (keys in byte order, no whitespace, nested too)', async () => {
    const d = t.ctx.compiled.env.dialect;
    const docs = ['{"b":"1","a":"2"}', '{"aa":"0"}', '{"n":{"c":"1","bb":"2","a":null}}', '{"z":[1,true,null,"s"],"Z":"é \\"q\\" \\\\ /","m":{}, "e":[] , "v":1.50,"w":100.0,"i":-7,"x":null}'];
    for (const doc of docs) {
      const expr = new Sql(d.jsonLiteral(doc));
      const canonical = renderFragment(t.ctx.compiled.env, CANONICAL_JSON, { expr }, renderState(t.ctx));
      const [row] = await t.query(`SELECT ${canonical.text} AS c`);
      expect(row!['c']).toBe(canonicalJson(doc));
    }
  });
});

/** Item 10's copies: equal ingested and created times, payloads whose order depends on how they are printed. */
async function tiedCopies(target: TargetKind): Promise<{ stage: Row[]; chosen: Row[] }> {
  const t = await TestWarehouse.create(AS_OF, { target, models: { card_shipped: PAYLOAD_MODEL } });
  try {
    const at = { event_created_at: '2026-11-22T10:00:00Z', event_ingested_at: new Date('2026-11-22T10:00:05Z') };
    await t.load([
      event({ event_id: 'flat', ...at, event_data: { b: '1', a: '2', Status: 'S' } }),
      event({ event_id: 'flat', ...at, event_data: { aa: '0', Status: 'S' } }),
      event({ event_id: 'nested', ...at, event_data: { n: { c: '1', bb: '2' }, Status: 'S' } }),
      event({ event_id: 'nested', ...at, event_data: { n: { bb: '3' }, Status: 'S' } }),
    ]);
    await t.run({ fullRefresh: true });
    const stage = await t.stage('card_shipped');
    // remove_duplicates_by_event_id records rule 1's copy as an exception: the same choice, frozen.
    await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 30 });
    await t.run({ fullRefresh: true });
    return { stage, chosen: await t.stage('card_shipped') };
  } finally {
    await t.close();
  }
}

it('item 10: DuckDB and PostgreSQL keep the same copy of tied duplicates (the smaller canonical payload text)', async () => {
  const [duck, pg] = [await tiedCopies('duckdb'), await tiedCopies('postgres')];
  // {"Status":"S","a":"2","b":"1"} < {"Status":"S","aa":"0"}; {"Status":"S","n":{"bb":"2","c":"1"}} < {…"bb":"3"}}
  const expected = [
    { event_id: 'flat', status: 'S', a: '2', aa: null, n_bb: null },
    { event_id: 'nested', status: 'S', a: null, aa: null, n_bb: '2' },
  ];
  expect(duck.stage).toEqual(expected);
  expect(pg.stage).toEqual(expected);
  expect(duck.chosen).toEqual(expected);
  expect(pg.chosen).toEqual(expected);
});
