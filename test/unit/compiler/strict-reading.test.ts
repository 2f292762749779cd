/** Issue 16: the one timestamp reader and the strict JSON reader, on their own. */
import { jsonText, parseStrictJson } from '../../../src/compiler/strict-json';
import { readTimestamp, type Instant } from '../../../src/compiler/timestamps';

const read = (s: string, dateOnly = false): Instant | string => readTimestamp(s, { dateOnly });

describe('readTimestamp', () => {
  it.each([
    ['2026-02-30T10:00:00Z', 'has no day 30 in 2026-02'],
    ['2026-11-31', 'has no day 31 in 2026-11'],
    ['1900-02-29T00:00:00Z', 'has no day 29 in 1900-02'],
    ['2026-00-10T00:00:00Z', 'has no month 00'],
    ['2026-11-23T24:00:00Z', 'has no time 24:00:00'],
    ['2026-11-23T23:60:00Z', 'has no time 23:60:00'],
    ['2026-11-23T23:59:60Z', 'has no time 23:59:60'],
    ['2026-11-23T10:00:00+24:00', 'has no UTC offset +24:00'],
    ['2026-11-23T10:00:00.0000001Z', 'is more precise than a microsecond'],
    ['0000-01-01', 'is outside the years 1900–9000 every target can work with'],
    ['9001-01-01', 'is outside the years 1900–9000 every target can work with'],
    ['1900-01-01T00:30:00+01:00', 'is outside the years 1900–9000 every target can work with'],
    ['yesterday', 'is not an ISO timestamp'],
  ])('%s: %s', (text, why) => {
    expect(read(text, true)).toBe(why);
  });

  it('keeps microseconds, converts offsets to UTC, and reads a bare date only where one is allowed', () => {
    const t = read('2026-11-20T23:30:00.999999-01:00') as Instant;
    expect([t.text, t.micros, t.date.toISOString()]).toEqual(['2026-11-21 00:30:00.999999', 1795221000999999n, '2026-11-21T00:30:00.999Z']);
    expect((read('2000-02-29T00:00:00.5Z') as Instant).text).toBe('2000-02-29 00:00:00.500000');
    expect((read('2026-11-23T10:00:00.123456000Z') as Instant).text).toBe('2026-11-23 10:00:00.123456');
    expect(read('2026-11-23')).toBe('is not an ISO timestamp');
    expect((read('2026-11-23', true) as Instant).text).toBe('2026-11-23 00:00:00.000000');
  });
});

describe('parseStrictJson', () => {
  it('keeps numbers as written where a double would change them, DuckDB-like where it would not', () => {
    expect(jsonText(parseStrictJson('{"a": 12345678901234567891, "b": 1.50, "c": 1E2, "d": 0.1000000000000000055, "e": -0}'))).toBe(
      '{"a":12345678901234567891,"b":1.5,"c":100.0,"d":0.1000000000000000055,"e":-0}',
    );
  });

  it.each([
    ['{"a":1,"a":2}', 'the key "a" is repeated'],
    ['{"a":{"b":[{"c":1,"c":1}]}}', 'the key "c" is repeated in .a.b[0]'],
    ['{"a":"\\u0000"}', 'the string holds U+0000, which PostgreSQL cannot store in .a'],
    ['{"a":"\\udc00"}', 'the string holds a lone surrogate (\\udc00), which is not a character in .a'],
    ['{"a":"\\ud800x"}', 'the string holds a lone surrogate (\\ud800), which is not a character in .a'],
    ['{"a":01}', 'unexpected "1" at position 6'],
    ['{"a":1,}', 'unexpected "}" at position 7'],
    ['{"a":"x\ty"}', 'unescaped control character at position 7 in .a'],
  ])('%s: %s', (text, message) => {
    expect(() => parseStrictJson(text)).toThrow(message);
  });

  it('takes 500 levels, not 501, and a 100,000-deep text without exhausting the stack', () => {
    expect(() => parseStrictJson(`${'['.repeat(500)}${']'.repeat(500)}`)).not.toThrow();
    expect(() => parseStrictJson(`${'['.repeat(501)}${']'.repeat(501)}`)).toThrow(/nested deeper than 500 levels/);
    expect(() => parseStrictJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toThrow(/nested deeper than 500 levels/);
  });

  it('reads a pair of surrogates as one character and __proto__ as an ordinary key', () => {
    const v = parseStrictJson('{"s":"\\ud83d\\ude00","__proto__":{"x":1}}') as Record<string, unknown>;
    expect(v['s']).toBe('😀');
    expect(Object.keys(v)).toEqual(['s', '__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(jsonText(v as never)).toBe('{"s":"😀","__proto__":{"x":1}}');
  });
});
