/**
 * Hostile input, generated: quotes and `'; DROP TABLE` payloads, unicode, huge values, wrong types, unknown keys,
 * invalid dates and negative windows in every argument, in backfill.yml, in NDJSON files and in CLI flags. Each
 * must exit 2 with one `error:` line and leave every table's row count unchanged; the SQL the warehouse received
 * never holds a payload outside a literal. Runs the CLI in-process (same code as the binary) to stay fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { codeOnly } from '../../src/compiler/sql-text';
import { DuckdbDriver } from '../../src/targets/duckdb/duckdb-driver';
import { AS_OF, removeDir, seededProject, snapshot } from '../helpers/cli';

const PAYLOADS = [
  "'; DROP TABLE s3.backend_events_exclusions; --",
  '" OR 1=1 --',
  "x\\'y",
  '😀 ünïcödé ⚠',
  'a'.repeat(20_000),
  'nul\u0000byte',
  "$.a'||(select 1)||'",
  '{{args.description}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '1e309',
  '-1',
  '2026-13-45',
  '`backtick`',
];
/** Payloads no event id may be: quotes, backslash, semicolon, control characters, or too long. */
const BAD_ID = PAYLOADS.filter((p) => /['"`\\;\u0000-\u001f]/.test(p) || p.length > 256);

type Case = [label: string, argv: string[], files?: Record<string, string>];
const yaml = (v: unknown): string => JSON.stringify(v);
const op = (macro: string, args: unknown): string[] => ['run-operation', macro, '--as-of', AS_OF, '--args', typeof args === 'string' ? args : yaml(args)];
const base = { stage_table_name: 'card_shipped', event_ids: ['c1'], set: { '$.Status': 'Failed' }, description: 'ok' };

function cases(): Case[] {
  const out: Case[] = [];
  PAYLOADS.forEach((p, i) => {
    out.push([`stage_table_name #${i}`, op('update_event_data', { ...base, stage_table_name: p })]);
    out.push([`set key #${i}`, op('update_event_data', { ...base, set: { [p]: 'x' } })]);
    out.push([`where key #${i}`, op('update_event_data', { ...base, event_ids: undefined, where: { [p]: 'x' } })]);
    out.push([`unknown arg #${i}`, op('update_event_data', { ...base, [p]: 1 })]);
    out.push([`business_key #${i}`, op('remove_duplicates_by_business_id', { stage_table_name: 'card_shipped', business_key: p })]);
    out.push([`macro name #${i}`, op(p, {})]);
    out.push([`as-of #${i}`, ['run', '--as-of', p]]);
    out.push([`vars #${i}`, ['run', '--vars', p]]);
    out.push([`select #${i}`, ['run', '--select', p]]);
    out.push([`revert id #${i}`, ['revert', p]]);
    out.push([`operations show #${i}`, ['operations', 'show', p]]);
    out.push([`resume id #${i}`, ['resume', p]]);
    out.push([`target #${i}`, ['run', '--target', p]]);
  });
  BAD_ID.forEach((p, i) => {
    out.push([`event_ids #${i}`, op('update_event_data', { ...base, event_ids: [p] })]);
    out.push([`event_id #${i}`, op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: p, description: 'x' })]);
  });
  for (const [i, v] of [-1, 1.5, 'x', 99_999, [], {}, true].entries()) out.push([`lookback_days #${i}`, op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: v })]);
  for (const [i, v] of [42, [], {}, '', 'a'.repeat(10_001), null].entries()) out.push([`description #${i}`, op('update_event_data', { ...base, description: v })]);
  for (const [i, v] of [{ a: 1 }, [1], null].entries()) out.push([`set value #${i}`, op('update_event_data', { ...base, set: { '$.Status': v } })]);
  for (const [i, a] of ['[1, 2]', '"just text"', '{unclosed', '42', 'null', '{a: [}'].entries()) out.push([`args not a mapping #${i}`, op('update_event_data', a)]);
  for (const [i, v] of ['{current_date_offset: -1}', '{current_date_offset: x}', '{lock_wait_seconds: -5}', '{batch_days: 0}', '{dedup_window_days: -3}', '[1]'].entries()) out.push([`vars value #${i}`, ['run', '--vars', v]]);
  for (const [i, flags] of [['--bogus'], ['--full-refresh=maybe', '--select'], ['--as-of']].entries()) out.push([`flags #${i}`, ['run', ...flags]]);
  const ymls = [
    'name: t\n', 'name: t\ntargets: {}\n', 'name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb, password: x }\n',
    'name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb }\nbogus: 1\n', 'name: t\ntargets:\n  l: { type: nosql }\n',
    "name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb }\ntables: { original: \"x'; DROP TABLE y; --\" }\n",
    'name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb }\ntables: { stage_schema: "bad schema" }\n', 'name: "bad name"\ntargets:\n  l: { type: duckdb, path: w.duckdb }\n',
    'name: t\ntargets:\n  l: { type: postgres, url: "postgres://u:p@h/db" }\n', 'name: t\ntarget: nope\ntargets:\n  l: { type: duckdb, path: w.duckdb }\n',
    'name: t\ntargets:\n  l: { type: bigquery, project: Bad_Project }\n', 'name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb }\nvars: { current_date_offset: -2 }\n',
    '{{{', '- a\n- b\n', 'name: t\ntargets:\n  l: { type: duckdb, path: w.duckdb, private_key: x }\n',
  ];
  ymls.forEach((y, i) => out.push([`backfill.yml #${i}`, ['run'], { 'backfill.yml': y }]));
  const ndjson = ['', '[1]\n2\n', 'not json at all\n', '{"event_id":"a"}\n', '{"event_created_at":"2026-11-01T00:00:00Z","event_name":"A"}\n',
    `{"event_id":"${"'; DROP TABLE x; --"}","event_created_at":"2026-11-01T00:00:00Z","event_name":"A"}\n`, '{"event_id":"a","event_created_at":"yesterday","event_name":"A"}\n',
    '{"event_id":"a","event_created_at":"2026-11-01T00:00:00Z","event_name":""}\n', '{"event_id":5,"event_created_at":"2026-11-01T00:00:00Z","event_name":"A"}\n',
    '{"event_id":"a","event_created_at":"2026-11-01T00:00:00Z","event_name":"A","event_data":"text"}\n', 'null\n', '\u0000\u0001\u0002\n'];
  ndjson.forEach((content, i) => out.push([`ndjson #${i}`, ['import', 'bad.ndjson', '--description', 'x'], { 'bad.ndjson': content }]));
  return out;
}

let dir: string;
let sent: string[];
beforeAll(async () => {
  dir = await seededProject();
  sent = [];
  const run = DuckdbDriver.prototype.run;
  jest.spyOn(DuckdbDriver.prototype, 'run').mockImplementation(function (this: DuckdbDriver, s) {
    sent.push(s.sql);
    return run.call(this, s);
  });
});
afterAll(() => {
  jest.restoreAllMocks();
  removeDir(dir);
});

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir], { stdout: () => undefined, stderr: (s) => (stderr += s) });
  return { code, stderr };
}

it(`at least 200 hostile inputs each exit 2 with one error line, and nothing is written`, async () => {
  const all = cases();
  expect(all.length).toBeGreaterThanOrEqual(200);
  const before = await snapshot(dir);
  const yml = fs.readFileSync(path.join(dir, 'backfill.yml'), 'utf8');
  const wrong: string[] = [];
  for (const [label, argv, files] of all) {
    for (const [name, content] of Object.entries(files ?? {})) fs.writeFileSync(path.join(dir, name), content);
    const r = await cli(argv.map((a) => (a === 'bad.ndjson' ? path.join(dir, a) : a)));
    fs.writeFileSync(path.join(dir, 'backfill.yml'), yml);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (r.code !== 2 || lines.length !== 1 || !/^error: \S/.test(lines[0]!)) wrong.push(`${label}: exit ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
  }
  expect(wrong).toEqual([]);
  expect(await snapshot(dir)).toEqual(before);
  // The runner's own clean-up (`DROP TABLE IF EXISTS "__import_…"`) leaves `DROP TABLE IF EXISTS ` once quoted
  // names are taken out; a payload that escaped its literal would leave more.
  for (const sql of sent) expect(codeOnly(sql)).not.toMatch(/DROP TABLE(?! IF EXISTS\s+(\.\s*)?$)|OR 1=1|alert\(1\)/);
}, 240_000);

it('payloads in free-text fields are accepted, stored verbatim, and only ever sent inside literals', async () => {
  const texts = PAYLOADS.filter((p) => !p.includes('\u0000') && p.length <= 10_000);
  for (const [i, p] of texts.entries()) {
    sent = [];
    const r = await cli(op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: 'c1', description: p }));
    expect({ i, code: r.code, stderr: r.stderr }).toEqual({ i, code: 0, stderr: '' });
    for (const sql of sent) expect(codeOnly(sql)).not.toMatch(/DROP TABLE|OR 1=1|alert\(1\)|\.\.\/\.\./);
  }
  const wh = await DuckdbDriver.open(path.join(dir, 'warehouse.duckdb'));
  try {
    const stored = (await wh.run({ sql: 'SELECT exclusion_description AS d FROM s3.backend_events_exclusions', params: {} })).rows.map((r) => r['d']);
    expect(stored).toEqual(expect.arrayContaining(texts.slice(0, 1)));
  } finally {
    await wh.close();
  }
});
