/**
 * DuckDB reads a clean NDJSON file in SQL (no line passes through JavaScript); the exceptions it writes equal, row
 * for row, those of the line-by-line reader. A file with one doubtful line goes through the reader, which explains.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { importEvents } from '../../src/import/import-events';
import { countAppendedRows, event, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const LINES = [
  { event_id: 'n1', event_created_at: '2026-11-20T08:00:00Z', event_name: 'CardWasShipped', user_id: 'u1', event_data: { Status: 'Lost', Nested: { A: [1, 'x'] } }, source_system: 'dropped' },
  { event_id: 'o1', event_created_at: '2026-11-21T09:30:00.125Z', event_name: 'CardWasShipped', user_id: null, event_ingested_at: '2026-11-21T09:31:00Z', event_data: { Status: 'Fixed' } },
  { event_id: 'n2', event_created_at: '2026-10-01T00:00:00Z', event_name: 'PaymentCompleted', event_external_reference_id: "ref 'quoted'", event_advisor_id: 'adv' },
  { event_id: 'n3', event_created_at: '2026-11-22T23:59:59.999Z', event_name: 'CardWasShipped', event_data: null },
];

describe('import: DuckDB reads clean files itself', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-import-fast-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function imported(file: string, inSql: boolean) {
    const t = await TestWarehouse.create(AS_OF);
    try {
      await t.load([event({ event_id: 'o1', event_created_at: '2026-11-21T09:30:00Z' })]);
      if (!inSql) Object.defineProperty(t.wh, 'adapter', { value: { ...t.wh.adapter, readsLocalFiles: false } });
      const appended = countAppendedRows(t.wh);
      const summary = await importEvents(t.wh, t.ctx, file, { description: 'fix', mode: 'detect', keepExtra: false });
      const rows = await t.query(
        'SELECT event_id, CAST(event_created_at AS VARCHAR) AS created, event_name, user_id, event_external_reference_id, event_advisor_id, CAST(event_data AS VARCHAR) AS data, CAST(event_ingested_at AS VARCHAR) AS ingested, is_event_update, exception_description FROM s3.backend_events_exceptions ORDER BY event_id',
      );
      const leftovers = await t.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__import%'");
      const operations = await t.query("SELECT status FROM backfill.operations WHERE command = 'import'");
      const [setting] = await t.query("SELECT current_setting('preserve_insertion_order') AS keeps_order");
      return { summary, rows, appended: appended(), leftovers, operations, keepsOrder: setting!['keeps_order'] };
    } finally {
      await t.close();
    }
  }

  it.each([['plain', false], ['gzip', true]])('%s file: same exceptions as the line-by-line reader, none appended from JavaScript', async (_kind, gz) => {
    const text = LINES.map((l) => JSON.stringify(l)).join('\n') + '\n\n';
    const file = path.join(dir, gz ? 'fix.ndjson.gz' : 'fix.ndjson');
    fs.writeFileSync(file, gz ? zlib.gzipSync(text) : text);
    const fast = await imported(file, true);
    const slow = await imported(file, false);
    expect(fast.appended).toBe(0);
    expect(slow.appended).toBe(4);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.rows.map((r) => [r['event_id'], r['is_event_update']])).toEqual([['n1', false], ['n2', false], ['n3', false], ['o1', true]]);
    expect(fast.rows.find((r) => r['event_id'] === 'o1')!['created']).toBe('2026-11-21 09:30:00.125');
    expect(fast.summary).toMatchObject({ status: 'succeeded', imported: 4, rejected: 0, old_events: 1 });
    expect(fast.summary.old_events).toBe(slow.summary.old_events);
    expect(fast.leftovers).toEqual([]);
    expect(fast.keepsOrder).toBe(true);
  });

  it('one doubtful line sends the file through the reader: the bad line is explained, the rest imported', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    fs.writeFileSync(file, [...LINES.map((l) => JSON.stringify(l)), '{"event_id": 7, "event_created_at": "2026-11-20T08:00:00Z", "event_name": "X"}'].join('\n'));
    const r = await imported(file, true);
    expect(r.appended).toBe(4);
    expect(r.summary).toMatchObject({ imported: 4, rejected: 1 });
    // DuckDB's attempt wrote its rows and ledger row in one transaction, rolled back: one operation is on record
    expect(r.operations).toEqual([{ status: 'succeeded' }]);
    expect(r.rows).toHaveLength(4);
    // the session setting the attempt changed is restored
    expect(r.keepsOrder).toBe(true);
    const reasons = fs.readFileSync(`${file}.rejected.ndjson`, 'utf8');
    expect(reasons).toContain('"line":5');
    expect(reasons).toContain('event_id');
  });

  it('a line with a repeated key is refused by the reader (DuckDB and PostgreSQL would each keep another value)', async () => {
    const file = path.join(dir, 'repeated.ndjson');
    fs.writeFileSync(file, `${JSON.stringify(LINES[0])}\n{"event_id": "d1", "event_id": "d2", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped"}\n`);
    const r = await imported(file, true);
    expect(r.appended).toBe(1);
    expect(r.rows.map((x) => x['event_id'])).toEqual(['n1']);
    expect(r.summary).toMatchObject({ imported: 1, rejected: 1 });
    expect(fs.readFileSync(`${file}.rejected.ndjson`, 'utf8')).toContain('the key \\"event_id\\" is repeated');
  });

  it('lines written by another tool (spaces, escapes, 1.50) give the same exceptions either way', async () => {
    const file = path.join(dir, 'other-tool.ndjson');
    fs.writeFileSync(file, [
      '{ "event_id" : "p1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": { "Status" : "caf\\u00e9", "Amount": 1.50, "Tags": [ 1, "a\\"b" ] } }',
      '{"event_id":"p2","event_created_at":"2026-11-20T08:00:00.5Z","event_name":"CardWasShipped","event_data":{}}',
    ].join('\r\n') + '\r\n');
    const fast = await imported(file, true);
    const slow = await imported(file, false);
    expect(fast.appended).toBe(0);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.rows[0]!['data']).toBe('{"Status":"café","Amount":1.5,"Tags":[1,"a\\"b"]}');
  });

  it('a file with no line to import writes nothing, not even a ledger row', async () => {
    const file = path.join(dir, 'bad.ndjson');
    fs.writeFileSync(file, '{"event_id": 1}\n{"event_id": "x", "event_created_at": "yesterday", "event_name": "X"}\n');
    const t = await TestWarehouse.create(AS_OF);
    try {
      await expect(importEvents(t.wh, t.ctx, file, { description: 'fix', mode: 'insert', keepExtra: false })).rejects.toThrow(/no event could be imported \(2 line\(s\) rejected/);
      expect(await t.count('backfill.operations')).toBe(0);
      expect(await t.count('s3.backend_events_exceptions')).toBe(0);
    } finally {
      await t.close();
    }
  });

  const GOOD = '{"event_id": "g1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped"}';
  /** A plain line's start, up to event_data (user_id given). */
  const PLAIN = '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","user_id":"u1",';
  it.each([
    ['a number for a text field', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "user_id": 5}'],
    ['a string for event_data', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": "x"}'],
    ['an array for event_data', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": [1]}'],
    ['a number for event_ingested_at', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_ingested_at": 5}'],
    ['a word for event_ingested_at', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_ingested_at": "soon"}'],
    ['an explicit null event_ingested_at', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_ingested_at": null, "user_id": null}'],
    ['a number for event_name', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": 5}'],
    ['an offset timestamp', '{"event_id": "b1", "event_created_at": "2026-11-20T10:00:00+02:00", "event_name": "CardWasShipped"}'],
    ['February 30th', '{"event_id": "b1", "event_created_at": "2026-02-30T00:00:00Z", "event_name": "CardWasShipped"}'],
    ['a quote in event_id', '{"event_id": "b\'1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped"}'],
    ['an array line', '[1, 2]'],
    ['a trailing comma', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped",}'],
    ['NaN in event_data', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": NaN}}'],
    ['Infinity for user_id', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "user_id": Infinity}'],
    ['a repeated unknown key', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "note": 1, "note": 2}'],
    ['a key in other case', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "EVENT_NAME": "Other"}'],
    ['a comment after the object', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped"} // note'],
    ['a 16-digit decimal in event_data', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": 0.1234567890123456}}'],
    ['a NUL escape', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": "a\\u0000"}}'],
    ['a trailing comma with a longer number', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"a":1e2,"b":[1,],}}'],
    ['a trailing comma with a shorter escape', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"s":"\\u00e9","b":[1,]}}'],
    ['a compact line with inf', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"a":-INF}}'],
    ['a compact line with a trailing comma', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{"a":[1,]}}'],
    ['a repeated key in event_data', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": 1, "x": 2}}'],
    // Compact lines in the table's order (the plain lines of file_direct.duckdb.sql), each wrong in one way or at an edge.
    ['plain: a repeated key of two in event_data', `${PLAIN}"event_data":{"x":1,"x":2}}`],
    ['plain: a repeated key of three in event_data', `${PLAIN}"event_data":{"a":1,"b":"x","a":3}}`],
    ['plain: February 30th', PLAIN.replace('2026-11-20T08:00:00Z', '2026-02-30T08:00:00Z') + '"event_data":{}}'],
    ['plain: hour 24', PLAIN.replace('2026-11-20T08:00:00Z', '2026-11-20T24:00:00Z') + '"event_data":{}}'],
    ['plain: a seven-digit fraction', PLAIN.replace('2026-11-20T08:00:00Z', '2026-11-20T08:00:00.1234567Z') + '"event_data":{}}'],
    ['plain: the year 9001', PLAIN.replace('2026-11-20T08:00:00Z', '9001-11-20T08:00:00Z') + '"event_data":{}}'],
    ['plain: April 31st ingested', `${PLAIN}"event_data":{},"event_ingested_at":"2026-04-31T00:00:00Z"}`],
    ['plain: an event_id of 257 characters', PLAIN.replace('"b1"', `"${'i'.repeat(257)}"`) + '"event_data":{}}'],
    ['plain: an event_id of 256 characters', PLAIN.replace('"b1"', `"${'i'.repeat(256)}"`) + '"event_data":{}}'],
    ['plain: an event_id of 129 two-byte characters', PLAIN.replace('"b1"', `"${'é'.repeat(129)}"`) + '"event_data":{}}'],
    ['plain: an event_name of 257 characters', PLAIN.replace('"CardWasShipped"', `"${'n'.repeat(257)}"`) + '"event_data":{}}'],
    ['plain: a user_id of 10001 characters', PLAIN.replace('"u1"', `"${'u'.repeat(10001)}"`) + '"event_data":{}}'],
    ['plain: a semicolon in event_id', PLAIN.replace('"b1"', '"b;1"') + '"event_data":{}}'],
    ['plain: a backtick in event_id', PLAIN.replace('"b1"', '"b`1"') + '"event_data":{}}'],
    ['plain: an empty event_id', PLAIN.replace('"b1"', '""') + '"event_data":{}}'],
    ['plain: an empty user_id and quotes in the name', PLAIN.replace('"u1"', '""').replace('"CardWasShipped"', '"Card\'s; shipped"') + '"event_data":{}}'],
    ['plain: nulls for every optional field', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","user_id":null,"event_external_reference_id":null,"event_advisor_id":null,"event_data":null,"event_ingested_at":null}'],
    ['plain: every field given', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00.123456Z","event_name":"CardWasShipped","user_id":"u","event_external_reference_id":"r","event_advisor_id":"a","event_data":{"s":"x","n":-12,"z":0,"t":true,"f":false,"u":null},"event_ingested_at":"2026-11-20T08:00:01Z"}'],
    ['plain: a 16-digit integer in event_data', `${PLAIN}"event_data":{"x":1234567890123456}}`],
    ['plain: minus zero in event_data', `${PLAIN}"event_data":{"x":-0}}`],
    ['minus zero, spaced', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": -0, "y": [-0]}}'],
    ['an exponent', `${PLAIN}"event_data":{"x":1e2}}`],
    ['an upper-case exponent, spaced', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"x": 1E2}}'],
    ['a decimal ending in zero', `${PLAIN}"event_data":{"x":1.0,"y":-0.0}}`],
    ['plain: a repeated top-level key after the others', `${PLAIN}"event_data":{},"event_name":"Other"}`],
    ['plain: an unknown key after the others', `${PLAIN}"event_data":{},"note":1}`],
    ['plain: event_data before user_id', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped","event_data":{},"user_id":"u1"}'],
    ['plain: a nested event_data', `${PLAIN}"event_data":{"a":{"b":1}}}`],
    ['plain: non-ASCII text', `${PLAIN}"event_data":{"city":"Zürich","emoji":"🚚"}}`],
    ['plain: an integer-like key after another', `${PLAIN}"event_data":{"b":1,"1":2}}`],
    // Found by a hostile review (fifteenth session): each gave other exceptions on one path than on the other.
    ['plain: a repeated key after a value ending in a quote', `${PLAIN}"event_data":{"a":"x",":":1,":":2}}`],
    ['plain: a repeated key named ":"', `${PLAIN}"event_data":{":":"x",":":1}}`],
    ['a repeated key after a brace in a string, spaced', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "N", "event_data": {":": "{", ":": 1}}'],
    ['a repeated key beside a nested object', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N","event_data":{"n":{},"a":"x",":":1,":":2}}'],
    ['a repeated key after a brace in a string', `${PLAIN}"event_data":{":":"{",":":1}}`],
    ['a repeated key in a dropped field', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N","note":{"a":1,"a":2}}'],
    ['a repeated key in a dropped list', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N","note":[{"a":1,"a":2}]}'],
    ['a dropped field whose nested objects share a key', '{"event_id":"b1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N","note":[{"a":1},{"a":2}],"event_data":{"a":3}}'],
    ['an exponent under the smallest double', `${PLAIN}"event_data":{"x":1e-400,"y":-1e-400}}`],
    ['subnormal exponents', `${PLAIN}"event_data":{"x":4.9e-324,"y":9e-324,"z":2.4e-324}}`],
    ['an exponent DuckDB writes as long as it is written', `${PLAIN}"event_data":{"x":5e-324}}`],
    ['an exponent DuckDB writes otherwise at the same length', `${PLAIN}"event_data":{"x":9e-324}}`],
    ['escaped control characters with letters', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "N", "event_data": {"a": "\\u001f", "\\u000b": ["\\u000e"]}}'],
    ['escaped control characters in digits only', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "N", "event_data": {"a": "\\u0001\\u0010"}}'],
    ['a vertical tab before the object', `\v${PLAIN}"event_data":{"a":1}}`],
    ['a form feed after the object', `${PLAIN}"event_data":{"a":1}}\f`],
    ['an integer-like key after another, spaced', '{"event_id": "b1", "event_created_at": "2026-11-20T08:00:00Z", "event_name": "CardWasShipped", "event_data": {"b": 1, "10": {"z": 1, "2": 0}}}'],
    ['plain: an event_id of 200 astral characters', PLAIN.replace('"b1"', `"${'🚚'.repeat(200)}"`) + '"event_data":{}}'],
    ['plain: an event_name of 129 astral characters', PLAIN.replace('"CardWasShipped"', `"${'🚚'.repeat(129)}"`) + '"event_data":{}}'],
  ])('%s: DuckDB and the line reader end with the same exceptions and rejects', async (_what, line) => {
    const file = path.join(dir, 'typed.ndjson');
    fs.writeFileSync(file, `${GOOD}\n${line}\n`);
    const fast = await imported(file, true);
    const slow = await imported(file, false);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.summary.rejected).toBe(slow.summary.rejected);
    expect(fast.operations).toEqual([{ status: 'succeeded' }]);
  });

  it('an event_id that begins with U+FEFF is detected as an update on both paths (the driver keeps the character)', async () => {
    const file = path.join(dir, 'bom-id.ndjson');
    fs.writeFileSync(file, `{"event_id":"\ufeffo1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N","event_data":{"a":1}}\n`);
    const run = async (inSql: boolean) => {
      const t = await TestWarehouse.create(AS_OF);
      try {
        await t.load([event({ event_id: '\ufeffo1', event_created_at: '2026-11-20T08:00:00Z' })]);
        if (!inSql) Object.defineProperty(t.wh, 'adapter', { value: { ...t.wh.adapter, readsLocalFiles: false } });
        await importEvents(t.wh, t.ctx, file, { description: 'fix', mode: 'detect', keepExtra: false });
        return await t.query("SELECT event_id, is_event_update, event_id = chr(65279) || 'o1' AS kept FROM s3.backend_events_exceptions");
      } finally {
        await t.close();
      }
    };
    const expected = [{ event_id: '\ufeffo1', is_event_update: true, kept: true }];
    expect(await run(true)).toEqual(expected);
    expect(await run(false)).toEqual(expected);
  });
});
