/**
 * The plain line (src/import/plain-line.ts) is one pattern for two engines: DuckDB's RE2 (the import's fast path)
 * and JavaScript (the line reader's). Both must take exactly the same lines.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { PLAIN_LINE_JS, PLAIN_LINE_RE2, repeatsKey } from '../../../src/import/plain-line';

const HEAD = '{"event_id":"e1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"';
const LINES: Array<[string, boolean]> = [
  [`${HEAD}}`, true],
  [`${HEAD},"user_id":"u","event_external_reference_id":"r","event_advisor_id":"a","event_data":{"s":"x","n":-12,"z":0,"t":true,"f":false,"u":null},"event_ingested_at":"2026-11-20T08:00:01.123456Z"}`, true],
  [`${HEAD},"user_id":null,"event_external_reference_id":null,"event_advisor_id":null,"event_data":null,"event_ingested_at":null}`, true],
  [`${HEAD},"event_data":{}}`, true],
  [`${HEAD},"event_data":{"":1,"a1":2,"1a":3}}`, true],
  [`${HEAD},"event_data":{"city":"Zürich","emoji":"🚚","q":"it's; fine"}}`, true],
  [`${HEAD},"event_data":{"n":123456789012345}}`, true],
  ['{"event_id":"e1","event_created_at":"1900-01-01T00:00:00Z","event_name":"N"}', true],
  ['{"event_id":"e1","event_created_at":"9000-12-31T23:59:59.999999Z","event_name":"N"}', true],
  // not plain
  ['{"event_id":"e1","event_created_at":"1899-12-31T23:59:59Z","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"9001-01-01T00:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20T24:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20T08:00:00.1234567Z","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20T08:00:00+00:00","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20 08:00:00Z","event_name":"N"}', false],
  ['{"event_id":"","event_created_at":"2026-11-20T08:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e;1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e\'1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e`1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N"}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20T08:00:00Z","event_name":""}', false],
  ['{"event_id":"e1","event_created_at":"2026-11-20T08:00:00Z","event_name":"a\\"b"}', false],
  ['{"event_id": "e1","event_created_at":"2026-11-20T08:00:00Z","event_name":"N"}', false],
  ['{"event_created_at":"2026-11-20T08:00:00Z","event_id":"e1","event_name":"N"}', false],
  [`${HEAD},"event_data":{},"user_id":"late"}`, false],
  [`${HEAD},"note":1}`, false],
  [`${HEAD},"event_name":"again"}`, false],
  [`${HEAD},"user_id":5}`, false],
  [`${HEAD},"event_data":{"a":{"b":1}}}`, false],
  [`${HEAD},"event_data":{"a":[1]}}`, false],
  [`${HEAD},"event_data":{"a":1.5}}`, false],
  [`${HEAD},"event_data":{"a":1e2}}`, false],
  [`${HEAD},"event_data":{"a":-0}}`, false],
  [`${HEAD},"event_data":{"a":01}}`, false],
  [`${HEAD},"event_data":{"a":1234567890123456}}`, false],
  [`${HEAD},"event_data":{"1":1}}`, false],
  [`${HEAD},"event_data":{"b":1,"10":2}}`, false],
  [`${HEAD},"event_data":{"a":1,}}`, false],
  [`${HEAD},"event_data":{"a":NaN}}`, false],
  [`${HEAD},"event_data":"x"}`, false],
  [`${HEAD}} `, false],
  [`${HEAD},}`, false],
  [`${HEAD}}\n{}`, false],
];

describe('the plain line pattern', () => {
  it('DuckDB (RE2) and JavaScript take exactly the same lines', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      for (const [line, plain] of LINES) {
        const reader = await conn.runAndReadAll('SELECT regexp_matches($line, $pattern) AS m', { line, pattern: PLAIN_LINE_RE2 });
        expect([line, reader.getRowObjects()[0]!['m']]).toEqual([line, plain]);
        expect([line, PLAIN_LINE_JS.test(line)]).toEqual([line, plain]);
      }
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('JavaScript captures the fields as written (absent and null alike: undefined)', () => {
    const g = PLAIN_LINE_JS.exec(LINES[1]![0])!.groups!;
    expect(g).toEqual({ event_id: 'e1', event_created_at: '2026-11-20T08:00:00Z', event_name: 'CardWasShipped', user_id: 'u', event_external_reference_id: 'r', event_advisor_id: 'a', event_data: '{"s":"x","n":-12,"z":0,"t":true,"f":false,"u":null}', event_ingested_at: '2026-11-20T08:00:01.123456Z' });
    expect(PLAIN_LINE_JS.exec(LINES[2]![0])!.groups).toEqual({ event_id: 'e1', event_created_at: '2026-11-20T08:00:00Z', event_name: 'CardWasShipped', user_id: undefined, event_external_reference_id: undefined, event_advisor_id: undefined, event_data: undefined, event_ingested_at: undefined });
  });

  it.each([
    ['{}', false], ['{"a":1}', false], ['{"a":1,"b":2}', false], ['{"a":1,"a":2}', true], ['{"a":"x:","b":1,"a":3}', true], ['{"":1,"":2}', true], ['{"a:":1,"a":2}', false], ['{"a":"x",":":1,":":2}', true], ['{":":"x",":":1}', true], ['{"a":"x","b":"y"}', false], ['{"a":"b","b":"a"}', false],
  ])('repeatsKey %s: %s', (data, repeats) => {
    expect(repeatsKey(data)).toBe(repeats);
  });
});
