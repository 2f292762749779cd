/**
 * Issue 16, items 11–14: input that was silently changed or that aborted a whole command. Imports are read three
 * ways (DuckDB reading the file itself, DuckDB through the line reader, PostgreSQL) and must end the same: the same
 * rejected line numbers, the same stored values, no staging table left. Bad arguments exit 2 with nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { decimalKey, JsonNumber, parseStrictJson, type JsonValue } from '../../src/compiler/strict-json';
import { importEvents, type ImportSummary } from '../../src/import/import-events';
import { removeDir, seededProject, snapshot } from '../helpers/cli';
import { countAppendedRows, event, TestWarehouse, type TargetKind } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
type Way = 'duckdb-direct' | 'duckdb-reader' | 'postgres';
const WAYS: readonly Way[] = ['duckdb-direct', 'duckdb-reader', 'postgres'];

const ev = (id: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  event_id: id,
  event_created_at: '2026-11-20T08:00:00Z',
  event_name: 'CardWasShipped',
  event_data: { Status: 'Ok' },
  ...more,
});
const line = (id: string, more: Record<string, unknown> = {}): string => JSON.stringify(ev(id, more));
const GOOD = line('g1');

interface Imported {
  readonly summary: ImportSummary | null;
  readonly error: string | null;
  /** event_id → created, ingested (UTC text to the microsecond), event_name and event_data's text. */
  readonly rows: Array<{ id: string; created: string; ingested: string | null; data: string | null }>;
  readonly rejected: Array<{ line: number; reason: string }>;
  /** Rows the line reader handed to DuckDB's appender (0: DuckDB read the file itself). */
  readonly appended: number;
  readonly staging: string[];
  readonly operations: number;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-issue16-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Imports `content` one of the three ways and reads back what was stored. */
async function importAs(way: Way, content: string | Buffer, tweak?: (t: TestWarehouse) => void): Promise<Imported> {
  const file = path.join(dir, `${way}.ndjson`);
  fs.writeFileSync(file, content);
  fs.rmSync(`${file}.rejected.ndjson`, { force: true });
  const t = await TestWarehouse.create(AS_OF, { target: way === 'postgres' ? 'postgres' : 'duckdb' });
  try {
    if (way === 'duckdb-reader') Object.defineProperty(t.wh, 'adapter', { value: { ...t.wh.adapter, readsLocalFiles: false } });
    const appended = countAppendedRows(t.wh);
    tweak?.(t);
    let summary: ImportSummary | null = null;
    let error: string | null = null;
    try {
      summary = await importEvents(t.wh, t.ctx, file, { description: 'issue 16', mode: 'insert', keepExtra: false });
    } catch (err) {
      error = `${(err as Error).name}: ${(err as Error).message}`;
    }
    const ts = (c: string): string =>
      way === 'postgres' ? `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')` : `strftime(${c}, '%Y-%m-%d %H:%M:%S.%f')`;
    const rows = (
      await t.query(`SELECT event_id, ${ts('event_created_at')} AS created, ${ts('event_ingested_at')} AS ingested, CAST(event_data AS VARCHAR) AS data FROM s3.backend_events_exceptions`)
    )
      .map((r) => ({ id: String(r['event_id']), created: String(r['created']), ingested: r['ingested'] === null ? null : String(r['ingested']), data: r['data'] === null ? null : String(r['data']) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const staging = (await t.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%import%'")).map((r) => String(r['table_name']));
    const rejectedFile = `${file}.rejected.ndjson`;
    const rejected = fs.existsSync(rejectedFile)
      ? fs
          .readFileSync(rejectedFile, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as { line: number; reason: string })
          .map((r) => ({ line: r.line, reason: r.reason }))
      : [];
    return { summary, error, rows, rejected, appended: appended(), staging, operations: await t.count('backfill.operations') };
  } finally {
    await t.close();
  }
}

/** The same import, all three ways: every way must agree on what was rejected and, as JSON values, what was stored. */
async function everyWay(content: string | Buffer): Promise<Record<Way, Imported>> {
  const out = {} as Record<Way, Imported>;
  for (const way of WAYS) out[way] = await importAs(way, content);
  for (const way of WAYS) {
    expect({ way, rejected: out[way].rejected.map((r) => r.line), staging: out[way].staging }).toEqual({ way, rejected: out['duckdb-reader'].rejected.map((r) => r.line), staging: [] });
    expect({ way, rows: out[way].rows.map((r) => ({ ...r, data: r.data === null ? null : sameValue(r.data) })) }).toEqual({
      way,
      rows: out['duckdb-reader'].rows.map((r) => ({ ...r, data: r.data === null ? null : sameValue(r.data) })),
    });
  }
  return out;
}

/** A JSON text as a value: keys sorted (jsonb orders them its own way), numbers as sign, digits and exponent. */
function sameValue(text: string): unknown {
  const canon = (v: JsonValue): unknown =>
    v instanceof JsonNumber
      ? `number ${decimalKey(v.text)}`
      : Array.isArray(v)
        ? v.map(canon)
        : v !== null && typeof v === 'object'
          ? Object.keys(v)
              .sort()
              .map((k) => [k, canon(v[k]!)])
          : v;
  return canon(parseStrictJson(text));
}

/** JSON text without the spaces PostgreSQL's jsonb prints (numbers compared as written). */
function normalJson(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, s: string | undefined) => s ?? '');
}

describe('item 11: impossible dates are refused, not rolled over', () => {
  it('February 30th, November 31st, 24:00, year 0 and 9999 are rejected lines on every way; a real leap day is kept', async () => {
    const content = [
      GOOD,
      line('b1', { event_created_at: '2026-02-30T10:00:00Z' }),
      line('b2', { event_created_at: '2026-11-31T00:00:00Z' }),
      line('b3', { event_created_at: '2026-11-23T24:00:00Z' }),
      line('b4', { event_created_at: '0000-01-01T00:00:00Z' }),
      line('b5', { event_created_at: '9999-12-31T00:00:00Z' }),
      line('b6', { event_ingested_at: '2026-02-29T00:00:00Z' }),
      line('g2', { event_created_at: '2028-02-29T10:00:00Z' }),
    ].join('\n');
    const r = await everyWay(content);
    const reader = r['duckdb-reader'];
    expect(reader.rows.map((x) => [x.id, x.created])).toEqual([
      ['g1', '2026-11-20 08:00:00.000000'],
      ['g2', '2028-02-29 10:00:00.000000'],
    ]);
    expect(reader.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/event_created_at.*'2026-02-30T10:00:00Z' has no day 30 in 2026-02/) },
      { line: 3, reason: expect.stringMatching(/has no day 31 in 2026-11/) },
      { line: 4, reason: expect.stringMatching(/has no time 24:00:00/) },
      { line: 5, reason: expect.stringMatching(/outside the years 1900–9000/) },
      { line: 6, reason: expect.stringMatching(/outside the years 1900–9000/) },
      { line: 7, reason: expect.stringMatching(/event_ingested_at.*has no day 29 in 2026-02/) },
    ]);
  });

  it('a file DuckDB would read itself is refused too: 24:00 is not read as the next day', async () => {
    const r = await importAs('duckdb-direct', `${line('b3', { event_created_at: '2026-11-23T24:00:00Z' })}\n`);
    expect(r.error).toMatch(/^UsageError: .*no event could be imported \(1 line\(s\) rejected.*line 1: .*has no time 24:00:00/);
    expect(r.rows).toEqual([]);
    expect(r.operations).toBe(0);
  });
});

describe('item 12: a value does not depend on the other lines of the file', () => {
  const BIG = line('n1', { event_data: { Amount: 0 } }).replace('"Amount":0', '"Amount":12345678901234567891');
  const LONG = line('n2', { event_data: { Rate: 0 } }).replace('"Rate":0', '"Rate":0.1000000000000000055511151231257827');

  it('a 20-digit integer is stored exactly alone (DuckDB reads the file) and next to a bad line (the line reader)', async () => {
    const alone = await importAs('duckdb-direct', `${BIG}\n`);
    expect(alone.appended).toBe(0);
    expect(alone.rows.map((x) => x.data)).toEqual(['{"Amount":12345678901234567891}']);
    const mixed = await importAs('duckdb-direct', `${BIG}\n{"event_id": 7}\n`);
    expect(mixed.appended).toBe(1);
    expect(mixed.rows.map((x) => x.data)).toEqual(['{"Amount":12345678901234567891}']);
    expect(mixed.rejected.map((x) => x.line)).toEqual([2]);
  });

  it('a 20-digit integer and a 34-digit decimal are stored as written on every way (DuckDB alone kept the decimal as a double)', async () => {
    const r = await everyWay(`${BIG}\n${LONG}\n`);
    for (const way of WAYS) {
      expect({ way, data: r[way].rows.map((x) => normalJson(x.data!)) }).toEqual({ way, data: ['{"Amount":12345678901234567891}', '{"Rate":0.1000000000000000055511151231257827}'] });
    }
  });

  it('a repeated top-level key and a repeated key in event_data (flat or nested) are rejected lines on every way', async () => {
    const content = [
      GOOD,
      '{"event_id":"dupA","event_id":"dupB","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}',
      '{"event_id":"d2","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"S":"A","S":"B"}}',
      '{"event_id":"d3","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"N":{"S":"A","S":"B"}}}',
      '{"event_id":"d4","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"L":[{"S":"A","S":"B"}]}}',
    ].join('\n');
    const r = await everyWay(content);
    expect(r['duckdb-reader'].rows.map((x) => x.id)).toEqual(['g1']);
    expect(r['duckdb-reader'].rejected).toEqual([
      { line: 2, reason: 'refused: the key "event_id" is repeated' },
      { line: 3, reason: 'refused: the key "S" is repeated in .event_data' },
      { line: 4, reason: 'refused: the key "S" is repeated in .event_data.N' },
      { line: 5, reason: 'refused: the key "S" is repeated in .event_data.L[0]' },
    ]);
  });

  it('a repeated key in event_data is refused even when DuckDB would read the file itself', async () => {
    for (const data of ['{"S":"A","S":"B"}', '{"N":{"S":"A","S":"B"}}', '{"L":[1,{"S":"A","S":"B"}]}']) {
      const r = await importAs('duckdb-direct', `{"event_id":"d2","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":${data}}\n`);
      expect({ data, error: r.error, rows: r.rows, operations: r.operations }).toEqual({ data, error: expect.stringMatching(/line 1: refused: the key "S" is repeated/), rows: [], operations: 0 });
    }
  });

  it('a key named __proto__ is an ordinary key, and a number beyond a double (1e400) is kept as written on every way', async () => {
    const content = [
      '{"event_id":"p1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"__proto__":{"x":1},"y":2}}',
      '{"event_id":"p2","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"Huge":1e400}}',
    ].join('\n');
    const r = await everyWay(content);
    expect(r['duckdb-reader'].rows.map((x) => [x.id, x.data])).toEqual([
      ['p1', '{"__proto__":{"x":1},"y":2}'],
      ['p2', '{"Huge":1e400}'],
    ]);
    expect(r['duckdb-reader'].rejected).toEqual([]);
  });
});

describe('item 13: bytes and strings the targets cannot all store are rejected lines, not an aborted import', () => {
  it('a byte 0xFF in event_id is a rejected line (not U+FFFD); a BOM before line 1 is skipped', async () => {
    const bad = Buffer.concat([Buffer.from('\uFEFF' + GOOD + '\n{"event_id":"x'), Buffer.from([0xff]), Buffer.from('y","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}\n' + line('g2') + '\n')]);
    const r = await everyWay(bad);
    expect(r['duckdb-reader'].rows.map((x) => x.id)).toEqual(['g1', 'g2']);
    expect(r['duckdb-reader'].rejected).toEqual([{ line: 2, reason: 'not UTF-8 text (an invalid byte sequence)' }]);
  });

  it('a BOM before line 1 is skipped whichever way the file is read', async () => {
    for (const way of ['duckdb-direct', 'duckdb-reader'] as const) {
      const r = await importAs(way, `\uFEFF${GOOD}\n${line('g2')}\n`);
      expect({ way, ids: r.rows.map((x) => x.id), rejected: r.rejected }).toEqual({ way, ids: ['g1', 'g2'], rejected: [] });
    }
  });

  it('a lone surrogate, U+0000 in event_data or event_name, and 501-, 5,000- and 100,000-deep payloads are rejected lines', async () => {
    const deep = (levels: number): string => line('deep', { event_data: { D: 0 } }).replace('"D":0', `"D":${'['.repeat(levels)}${']'.repeat(levels)}`);
    const content = [
      GOOD,
      line('s1', { event_data: { S: 'x' } }).replace('"S":"x"', '"S":"\\ud800"'),
      line('z1', { event_data: { S: 'x' } }).replace('"S":"x"', '"S":"a\\u0000b"'),
      line('z2', { event_name: 'x' }).replace('"event_name":"x"', '"event_name":"Card\\u0000"'),
      deep(499), // the line nests 1 + 1 + 499 = 501 levels
      deep(5_000),
      deep(100_000),
      deep(498).replace('"event_id":"deep"', '"event_id":"deep500"'), // 500 levels: every target takes it
    ].join('\n');
    const r = await everyWay(content);
    const reader = r['duckdb-reader'];
    expect(reader.summary).toMatchObject({ status: 'succeeded', imported: 2, rejected: 6 });
    expect(reader.rows.map((x) => x.id)).toEqual(['deep500', 'g1']);
    expect(reader.rejected).toEqual([
      { line: 2, reason: 'refused: the string holds a lone surrogate (\\ud800), which is not a character in .event_data.S' },
      { line: 3, reason: 'refused: the string holds U+0000, which PostgreSQL cannot store in .event_data.S' },
      { line: 4, reason: 'refused: the string holds U+0000, which PostgreSQL cannot store in .event_name' },
      { line: 5, reason: expect.stringMatching(/^refused: nested deeper than 500 levels/) },
      { line: 6, reason: expect.stringMatching(/^refused: nested deeper than 500 levels/) },
      { line: 7, reason: expect.stringMatching(/^refused: nested deeper than 500 levels/) },
    ]);
    for (const way of WAYS) expect({ way, error: r[way].error }).toEqual({ way, error: null });
  });

  it('microseconds are kept on every way (DuckDB reading the file, the line reader, PostgreSQL); finer is refused', async () => {
    const content = [
      line('m1', { event_created_at: '2026-11-20T08:00:00.999999Z', event_ingested_at: '2026-11-20T08:00:01.000001Z' }),
      line('m2', { event_created_at: '2026-11-20T10:00:00.123456+02:00' }),
      line('m3', { event_created_at: '2026-11-20T08:00:00.1234567Z' }),
    ].join('\n');
    const r = await everyWay(content);
    expect(r['duckdb-reader'].rows.map((x) => [x.id, x.created, x.ingested])).toEqual([
      ['m1', '2026-11-20 08:00:00.999999', '2026-11-20 08:00:01.000001'],
      ['m2', '2026-11-20 08:00:00.123456', null],
    ]);
    expect(r['duckdb-reader'].rejected).toEqual([{ line: 3, reason: expect.stringMatching(/is more precise than a microsecond/) }]);
    const direct = await importAs('duckdb-direct', `${line('m1', { event_created_at: '2026-11-20T08:00:00.999999Z' })}\n`);
    expect(direct.appended).toBe(0);
    expect(direct.rows.map((x) => x.created)).toEqual(['2026-11-20 08:00:00.999999']);
  });

  it('a failure after the staging table is made (here: the appender) leaves no __import_ table behind', async () => {
    const r = await importAs('duckdb-reader', `${GOOD}\n`, (t) => {
      t.wh.appendRows = async () => {
        throw new Error('appender broke');
      };
    });
    expect(r.error).toMatch(/appender broke/);
    expect(r.staging).toEqual([]);
    expect(r.rows).toEqual([]);
  });
});

describe('item 14: bad --as-of and macro arguments exit 2 with nothing written', () => {
  async function cli(projectDir: string, argv: string[]): Promise<{ code: number; stderr: string[] }> {
    let stderr = '';
    const code = await main([...argv, '--project-dir', projectDir], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    return { code, stderr: stderr.split('\n').filter((l) => l !== '') };
  }
  const op = (args: unknown, asOf = '2026-11-23T12:00:00Z'): string[] => ['run-operation', 'update_event_data', '--as-of', asOf, '--args', typeof args === 'string' ? args : JSON.stringify(args)];
  const base = { stage_table_name: 'card_shipped', event_ids: ['c1'], set: { '$.Status': 'Failed' }, description: 'fix' };
  const BAD: Array<[string, string[], RegExp]> = [
    ['--as-of 0000-01-01', op(base, '0000-01-01'), /^error: --as-of: '0000-01-01' is not a date \(it is outside the years 1900–9000/],
    ['--as-of 9999-12-31', op(base, '9999-12-31'), /^error: --as-of: '9999-12-31' is not a date \(it is outside the years 1900–9000/],
    ['--as-of 2026-02-30T10:00:00Z', op(base, '2026-02-30T10:00:00Z'), /^error: --as-of: '2026-02-30T10:00:00Z' is not a date \(it has no day 30/],
    ['run --as-of 2026-11-23T24:00:00Z', ['run', '--as-of', '2026-11-23T24:00:00Z'], /^error: --as-of: .* has no time 24:00/],
    ['where event_data', op({ ...base, event_ids: undefined, where: { event_data: 'x' } }), /^error: --args\.where\.event_data: event_data is JSON/],
    ['where event_created_at 2026-13-45', op({ ...base, event_ids: undefined, where: { event_created_at: '2026-13-45' } }), /^error: --args\.where\.event_created_at: "2026-13-45" has no month 13/],
    ['where event_ingested_at list', op({ ...base, event_ids: undefined, where: { event_ingested_at: ['2026-11-20', '2026-11-31'] } }), /^error: --args\.where\.event_ingested_at: "2026-11-31" has no day 31/],
    ['set NUL', op({ ...base, set: { '$.Status': 'a\u0000b' } }), /^error: --args\.set\.\$\.Status: must not hold a NUL character/],
    ['where NUL', op({ ...base, event_ids: undefined, where: { '$.Status': 'a\u0000b' } }), /^error: --args\.where\.\$\.Status: must not hold a NUL character/],
    ['set 20-digit number (YAML)', op('{stage_table_name: card_shipped, event_ids: [c1], set: {$.Amount: 12345678901234567891}, description: fix}'), /^error: --args\.set\.\$\.Amount: the number 12345678901234567891 cannot be kept exactly/],
    ['set long decimal (JSON)', op('{"stage_table_name": "card_shipped", "event_ids": ["c1"], "set": {"$.Rate": 0.1000000000000000055}, "description": "fix"}'), /^error: --args\.set\.\$\.Rate: the number 0\.1000000000000000055 cannot be kept exactly/],
  ];

  describe.each(['duckdb', 'postgres'] as TargetKind[])('%s', (target) => {
    it.each(BAD)('%s: exit 2, one error line naming the key, nothing written', async (_label, argv, message) => {
      if (target === 'duckdb') {
        const project = await seededProject();
        try {
          const before = await snapshot(project);
          const r = await cli(project, argv);
          expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: [expect.stringMatching(message)] });
          expect(await snapshot(project)).toEqual(before);
        } finally {
          removeDir(project);
        }
        return;
      }
      const t = await TestWarehouse.create(AS_OF, { target: 'postgres' });
      try {
        await t.load([event({ event_id: 'c1', event_created_at: '2026-11-20T08:00:00Z', event_data: { Status: 'Pending' } })]);
        const r = await cli(t.dir, argv);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: [expect.stringMatching(message)] });
        expect(await t.count('backfill.operations')).toBe(0);
        expect(await t.count('s3.backend_events_exceptions')).toBe(0);
      } finally {
        await t.close();
      }
    });
  });

  it('numbers YAML keeps exactly, a quoted long number, a null event_data condition and a date-only where still run', async () => {
    const project = await seededProject();
    try {
      for (const args of [
        '{stage_table_name: card_shipped, event_ids: [c1], set: {$.Amount: 12.5, $.Big: 9007199254740991, $.Text: "12345678901234567891"}, description: fix}',
        JSON.stringify({ ...base, event_ids: undefined, where: { event_data: null }, description: 'none' }),
        JSON.stringify({ ...base, event_ids: undefined, where: { event_created_at: ['2026-11-01', '2026-11-01T09:00:00Z'] }, description: 'dated' }),
      ]) {
        const r = await cli(project, op(args));
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: [] });
      }
    } finally {
      removeDir(project);
    }
  });
});
