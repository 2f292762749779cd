/**
 * The line reader reads plain lines with JavaScript's JSON.parse (read-lines' plainRow) and every other line with
 * the strict reader and the schema. For a line holding only the event's fields both must give the same row (or the
 * plain reader must step aside): `keepExtra` skips the plain reader, and with only known fields it changes nothing,
 * so it is the strict reference here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEvents, type Row } from '../../../src/import/read-lines';
import type { Instant } from '../../../src/compiler/timestamps';

const BASE = '"event_id":"e1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"';
const DATA = [
  '{"a":1.5}', '{"a":1.50}', '{"a":1e2}', '{"a":1E2}', '{"a":1e21}', '{"a":1e+21}', '{"a":12345678901234567891}',
  '{"a":0.1}', '{"a":-0}', '{"a":0}', '{"a":-1.5e-7}', '{"a":1.0}', '{"a":0.30000000000000004}', '{"a":123456789012345.6}',
  '{"a":"é😀"}', '{"a":"say \\"hi\\""}', '{"a":"\\u00e9"}', '{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"a":"\\udc00x"}', '{"a":"\\ud83d\\ude00"}', '{"a":"tab\\there"}', '{"a":[1,{"b":[true,false,null]}],"c":{}}', '{"b":1,"1":2}',
  '{"__proto__":{"x":1}}', '{"a":1,"a":2}', '{"a":1,"b":"a","a":3}', '{"a":"x",":":1,":":2}', '{":":"x",":":1}', '{":":"{",":":1}', '{"a":"x","b":"y"}', '{"a":"x:y","b":1,"c":"a\":"}', '{"1":1}', '{"":1,"a":2}', '{"":1,"":2}', '{"a1":1,"1a":2}',
  '{"a":123456789012345}', '{"a":1234567890123456}', '{"a":-9}', '{"a":true,"b":false,"c":null,"d":""}', '{ "a": 1 }', '{"a":"e+1"}', '{"a":[]}', '{}', 'null', '[1]', '"x"', '5',
];
const LINES = [
  ...DATA.map((d) => `{${BASE},"event_data":${d}}`),
  `{${BASE},"user_id":null,"event_advisor_id":"adv","event_external_reference_id":"r"}`,
  `{${BASE},"event_ingested_at":"2026-11-20T08:00:01.123456Z"}`,
  `{${BASE},"event_ingested_at":null}`,
  `{${BASE},"user_id":"u","event_external_reference_id":"r","event_advisor_id":"a","event_data":{"s":"x"},"event_ingested_at":"2026-11-20T08:00:01Z"}`,
  `{${BASE},"user_id":null,"event_external_reference_id":null,"event_advisor_id":null,"event_data":null,"event_ingested_at":null}`,
  `{${BASE},"event_data":{},"event_ingested_at":"2026-04-31T00:00:00Z"}`,
  `{${BASE},"event_data":{},"user_id":"late"}`,
  `{"event_id":"${'🚚'.repeat(129)}","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}`,
  `{"event_id":"${'🚚'.repeat(128)}","event_created_at":"2026-11-20T08:00:00Z","event_name":"${'é'.repeat(256)}"}`,
  `{"event_id":"${'i'.repeat(256)}","event_created_at":"2026-11-20T08:00:00Z","event_name":"${'n'.repeat(257)}"}`,
  '{"event_id":"e;1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"1899-12-31T23:59:59Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"9000-12-31T23:59:59.999999Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"9001-01-01T00:00:00Z","event_name":"CardWasShipped"}',
  `{${BASE},"event_ingested_at":5}`,
  `{${BASE},"user_id":5}`,
  `{${BASE},"user_id":"${'u'.repeat(10_001)}"}`,
  `{${BASE},"user_id":"${'u'.repeat(10_000)}"}`,
  '{"event_id":"e1","event_created_at":"2026-11-20T10:00:00+02:00","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"2026-02-30T00:00:00Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"2026-11-20T24:00:00Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"2026-11-20T08:00:00.1234567Z","event_name":"CardWasShipped"}',
  '{"event_id":"e1","event_created_at":"2026-11-20","event_name":"CardWasShipped"}',
  '{"event_id":"e\'1","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}',
  '{"event_id":"","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}',
  `{"event_id":"${'i'.repeat(257)}","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}`,
  '{"event_id":"e1","event_created_at":"2026-11-20T08:00:00Z","event_name":""}',
  '{"event_id":"e1","event_id":"e2","event_created_at":"2026-11-20T08:00:00Z","event_name":"CardWasShipped"}',
  `{${BASE},"event_data":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`,
  `{${BASE},"event_data":${'['.repeat(499)}1${']'.repeat(499)}}`,
  `{${BASE},"event_data":{"a":${'['.repeat(498)}1${']'.repeat(498)}}}`,
  `{${BASE},"event_data":{"a":${'['.repeat(499)}1${']'.repeat(499)}}}`,
  `{${BASE},"event_data":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
];

/** A row as comparable data: instants by their text and microseconds. */
function plainData(rows: readonly Row[]): unknown[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v !== null && typeof v === 'object' && 'micros' in v ? [(v as Instant).text, String((v as Instant).micros)] : v])));
}

describe('import line reader: plain lines by JSON.parse', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-plain-lines-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(LINES.map((l, i) => [i, l.length > 120 ? `${l.slice(0, 117)}…` : l, l]))('line %i %s: the same row or refusal as the strict reader', async (i, _shown, line) => {
    const file = path.join(dir, `line-${i}.ndjson`);
    fs.writeFileSync(file, `${line}\n`);
    const plain = await readEvents(file, false);
    const strict = await readEvents(file, true);
    expect(plainData(plain.rows)).toEqual(plainData(strict.rows));
    expect(plain.rejected).toEqual(strict.rejected);
  });

  it('a file of plain lines is read as the strict reader reads it', async () => {
    const file = path.join(dir, 'many.ndjson');
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ event_id: `id-${i}`, event_created_at: new Date(Date.UTC(2026, 10, 1) + i * 1234).toISOString(), event_name: 'CardWasShipped', user_id: i % 3 ? `u${i}` : null, event_data: { N: i, F: i / 7, S: `é${i}`, L: [i, null, true] } }));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const plain = await readEvents(file, false);
    expect(plain.rows).toHaveLength(2000);
    expect(plainData(plain.rows)).toEqual(plainData((await readEvents(file, true)).rows));
  });
});
