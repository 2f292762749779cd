/**
 * Issue 21: compiled SQL is formatted with sql-formatter, and formatting never changes what a statement means: the
 * result is kept only when its tokens are the statement's own (src/compiler/sql-format.ts).
 */
import { formatSql, MAX_FORMAT_CHARS, tokens } from '../../../src/compiler/sql-format';
import type { Dialect } from '../../../src/compiler/dialect';
import { BigqueryDialect } from '../../../src/targets/bigquery/bigquery-dialect';
import { DuckdbDialect } from '../../../src/targets/duckdb/duckdb-dialect';
import { PostgresDialect } from '../../../src/targets/postgres/postgres-dialect';

describe('tokens: what a formatter may not split or join', () => {
  test.each([
    ["data->>'$.a'", "data-> >'$.a'"],
    ['x::INTEGER', 'x: :INTEGER'],
    ['k = $1', 'k = $ 1'],
    ['v = @p_0123456789ab', 'v = @ p_0123456789ab'],
    ["E'it\\'s'", "E 'it\\'s'"],
    ['`dw-prod.s3.t`', '`dw-prod . s3.t`'],
    ["'$.Status'", "'$. Status'"],
    ['1.5', '1 . 5'],
    ['a <> b', 'a < > b'],
    ['NOT IN', 'NOTIN'],
  ])('%s differs from %s', (a, b) => {
    expect(tokens(a, false)).not.toEqual(tokens(b, false));
  });

  test('whitespace between tokens is not a token; a backslash escapes only where the dialect says so', () => {
    expect(tokens("SELECT  a ,\n b FROM t WHERE x = 'a  b'", false)).toEqual(['SELECT', 'a', ',', 'b', 'FROM', 't', 'WHERE', 'x', '=', "'a  b'"]);
    expect(tokens("'a\\' , 'x1'", true)).toEqual(["'a\\' , '", 'x1', "'"]);
    expect(tokens("'a\\' , 'x1'", false)).toEqual(["'a\\'", ',', "'x1'"]);
    expect(tokens("b'\\x00' || B'1'", true)).toEqual(["b'\\x00'", '||', "B'1'"]); // prefixed literals are one token
  });
});

describe('formatSql keeps every token, on every dialect', () => {
  const cases: Array<[string, Dialect, string]> = [
    ['duckdb', new DuckdbDialect(), `SELECT event_data->>'$.Tracking.Code' AS code, CAST(x AS INTEGER)::VARCHAR AS y, @action_at AS at FROM "s3"."t" WHERE k = $1 AND s = 'a;b' AND n IN ('x', 'y')`],
    ['postgres', new PostgresDialect(), `INSERT INTO "s3"."t" (a, b) SELECT E'it\\'s', @operation_id FROM "kinesis"."e" WHERE j #>> '{a,b}' = $1 AND d::date = DATE '2026-11-23'`],
    ['bigquery', new BigqueryDialect(), "SELECT JSON_VALUE(`event_data`, '$.Status') AS s, CAST(@action_at AS TIMESTAMP) FROM `dw-prod-gwiiag`.`s3`.`t` WHERE id IN UNNEST(@p_0123456789ab) AND note = 'it\\'s'"],
  ];
  test.each(cases)('%s', (_name, d, sql) => {
    const out = formatSql(sql, d);
    expect(out).not.toBe(sql); // laid out on several lines
    expect(out.split('\n').length).toBeGreaterThan(4);
    expect(tokens(out, d.backslashEscapes)).toEqual(tokens(sql, d.backslashEscapes));
    expect(formatSql(out, d)).toBe(out); // formatting is stable: compiling again gives the same bytes
  });

  test('a statement over the size cap (a batch of thousands of ids) is left as rendered', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `'e-${i}'`).join(', ');
    const sql = `SELECT event_id FROM t WHERE event_id IN (${ids})`;
    expect(sql.length).toBeGreaterThan(MAX_FORMAT_CHARS);
    expect(formatSql(sql, new DuckdbDialect())).toBe(sql);
  });

  test('text the formatter cannot read is left as written', () => {
    const sql = "SELECT 'unterminated FROM t";
    expect(formatSql(sql, new DuckdbDialect())).toBe(sql);
  });

  test('a formatter result that changes a token is refused: the statement stays as rendered', () => {
    jest.isolateModules(() => {
      jest.doMock('sql-formatter', () => ({ format: (s: string) => s.replace('->>', '-> >').replace(/ FROM /, '\nFROM\n  ') }));
      const isolated = require('../../../src/compiler/sql-format') as typeof import('../../../src/compiler/sql-format');
      const sql = "SELECT data->>'$.a' FROM t";
      expect(isolated.formatSql(sql, new DuckdbDialect())).toBe(sql);
      expect(isolated.formatSql('SELECT a FROM t', new DuckdbDialect())).toBe('SELECT a\nFROM\n  t');
    });
    jest.dontMock('sql-formatter');
  });
});
