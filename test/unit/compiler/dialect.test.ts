/** Dialect.literal and identifier quoting: the only ways a value or a name reaches SQL text. */
import { TimestampText, formatTimestamp } from '../../../src/compiler/dialect';
import { UsageError } from '../../../src/errors';
import { DuckdbDialect } from '../../../src/targets/duckdb/duckdb-dialect';

const d = new DuckdbDialect();

describe('literal', () => {
  test.each<[string, unknown, string]>([
    ['a plain string', 'Failed', "'Failed'"],
    ['an empty string', '', "''"],
    ['a string with quotes', "it's 'x'", "'it''s ''x'''"],
    ['an injection attempt', "'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ['backslashes (no escape meaning on DuckDB)', 'a\\b\\', "'a\\b\\'"],
    ['newlines and HTML characters', 'a\n<b> & "c"', "'a\n<b> & \"c\"'"],
    ['unicode', 'Zoë 🚀', "'Zoë 🚀'"],
    ['an integer', 42, '42'],
    ['a negative decimal', -1.5, '-1.5'],
    ['zero', 0, '0'],
    ['a bigint', 12345678901234567890n, '12345678901234567890'],
    ['true', true, 'TRUE'],
    ['false', false, 'FALSE'],
    ['null', null, 'NULL'],
    ['undefined', undefined, 'NULL'],
    ['a Date', new Date('2026-11-23T10:00:00.123Z'), "TIMESTAMP '2026-11-23 10:00:00.123'"],
    ['a warehouse timestamp text', new TimestampText('2026-11-23 10:00:00.123456'), "TIMESTAMP '2026-11-23 10:00:00.123456'"],
    ['an object', { Status: "it's", n: 1 }, `CAST('{"Status":"it''s","n":1}' AS JSON)`],
    ['an array', ['a', 1, null], `CAST('["a",1,null]' AS JSON)`],
    ['an object holding a NUL (JSON-escaped)', { s: 'a\u0000b' }, `CAST('{"s":"a\\u0000b"}' AS JSON)`],
  ])('%s', (_what, value, expected) => {
    expect(d.literal(value)).toBe(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ['NaN', NaN, /finite/],
    ['Infinity', Infinity, /finite/],
    ['-Infinity', -Infinity, /finite/],
    ['a NUL character', 'a\u0000b', /NUL/],
    ['an invalid Date', new Date('not a date'), /timestamp/],
    ['a symbol', Symbol('s'), /cannot be written/],
    ['a function', () => 1, /cannot be written/],
  ])('%s throws a UsageError', (_what, value, message) => {
    expect(() => d.literal(value)).toThrow(UsageError);
    expect(() => d.literal(value)).toThrow(message);
  });

  test('a timestamp is written in UTC whatever the input offset', () => {
    expect(d.literal(new Date('2026-11-23T23:30:00-02:00'))).toBe("TIMESTAMP '2026-11-24 01:30:00.000'");
    expect(formatTimestamp(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02 03:04:05.000');
  });

  test('TimestampText refuses anything but a warehouse timestamp', () => {
    expect(() => new TimestampText("2026-11-23 10:00:00'; DROP TABLE x; --")).toThrow(UsageError);
    expect(new TimestampText('2026-11-23T10:00:00').text).toBe('2026-11-23 10:00:00');
  });

  test('dateLiteral is the UTC day', () => {
    expect(d.dateLiteral(new Date('2026-11-23T23:59:59Z'))).toBe("DATE '2026-11-23'");
  });
});

describe('identifiers', () => {
  test('quoteIdent quotes plain identifiers', () => {
    expect(d.quoteIdent('event_id')).toBe('"event_id"');
    expect(d.quoteIdent('_x1')).toBe('"_x1"');
  });

  test.each(['bad name', 'a"b', 'a;b', '1st', '', 'x'.repeat(129), 'a.b'])('quoteIdent(%j) throws', (name) => {
    expect(() => d.quoteIdent(name)).toThrow(UsageError);
  });

  test('quoteTable quotes each part', () => {
    expect(d.quoteTable('kinesis.backend_events')).toBe('"kinesis"."backend_events"');
    expect(d.quoteTable('a.b.c')).toBe('"a"."b"."c"');
  });

  test.each(['one', 'a.b.c.d', 'bad name.t', 's.t;drop', 's."t"'])('quoteTable(%j) throws', (name) => {
    expect(() => d.quoteTable(name)).toThrow(UsageError);
  });

  test('DuckDB type names', () => {
    expect(['string', 'int', 'number', 'bool', 'timestamp', 'date', 'json'].map((t) => d.type(t as never))).toEqual([
      'VARCHAR',
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'TIMESTAMP',
      'DATE',
      'JSON',
    ]);
  });
});
