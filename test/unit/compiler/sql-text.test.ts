/**
 * splitStatements and tidySql only ever touch the code between literals and comments: a `;`, a blank line or a
 * trailing space inside a quoted value is data and must come out byte-for-byte.
 */
import { splitStatements, tidySql } from '../../../src/compiler/sql-text';

describe('splitStatements', () => {
  test('splits on semicolons and trims each statement', () => {
    expect(splitStatements('select 1;\n  select 2 ;\nselect 3')).toEqual(['select 1', 'select 2', 'select 3']);
  });

  test('drops empty statements (doubled, leading and trailing semicolons)', () => {
    expect(splitStatements(';;select 1;;\n;\n select 2;  ;')).toEqual(['select 1', 'select 2']);
    expect(splitStatements('  \n ; ')).toEqual([]);
  });

  test('a semicolon inside a single-quoted literal does not split', () => {
    expect(splitStatements("select 'a;b' as x; select 2")).toEqual(["select 'a;b' as x", 'select 2']);
  });

  test('doubled quotes stay inside the literal, even next to a semicolon', () => {
    const sql = "insert into t values ('it''s; ''quoted''; --not a comment'); select 2";
    expect(splitStatements(sql)).toEqual(["insert into t values ('it''s; ''quoted''; --not a comment')", 'select 2']);
  });

  test('an injected terminator inside an escaped literal stays one statement', () => {
    const sql = "select 'x''; DROP TABLE t; --' as d";
    expect(splitStatements(sql)).toEqual([sql]);
  });

  test('double-quoted and backquoted identifiers may hold semicolons', () => {
    expect(splitStatements('select 1 as "a;b"; select 2 as `c;d`')).toEqual(['select 1 as "a;b"', 'select 2 as `c;d`']);
  });

  test('semicolons in line and block comments do not split', () => {
    const sql = 'select 1 -- one; two\n, 2 /* three; four */ as x; select 3';
    expect(splitStatements(sql)).toEqual(['select 1 -- one; two\n, 2 /* three; four */ as x', 'select 3']);
  });

  test('a statement holding only comments is dropped; a comment before a statement stays with it', () => {
    expect(splitStatements('select 1;\n-- the end; really\n')).toEqual(['select 1']);
    expect(splitStatements('select 1; /* nothing; here */ ;')).toEqual(['select 1']);
    expect(splitStatements('-- first;\nselect 1;')).toEqual(['-- first;\nselect 1']);
  });

  test('a quote inside a comment does not open a literal', () => {
    expect(splitStatements("select 1 -- don't\n; select 2")).toEqual(["select 1 -- don't", 'select 2']);
  });

  test('blank lines inside a literal are kept byte-for-byte', () => {
    const literal = "'line one\n\n\n  line four;  \n'";
    expect(splitStatements(`select ${literal} as t;\n\nselect 2`)).toEqual([`select ${literal} as t`, 'select 2']);
  });

  test('with backslash escapes (BigQuery), \\\' does not close the literal', () => {
    expect(splitStatements("select 'a\\'; b' as x; select 2", true)).toEqual(["select 'a\\'; b' as x", 'select 2']);
  });

  test('without backslash escapes, a backslash is an ordinary character', () => {
    expect(splitStatements("select 'a\\'; select 2")).toEqual(["select 'a\\'", 'select 2']);
  });

  test('dollar-quoted bodies hold semicolons', () => {
    const fn = 'create function f() returns int as $$ select 1; $$ language sql';
    expect(splitStatements(`${fn}; select 2`)).toEqual([fn, 'select 2']);
  });

  test('a $ that opens no dollar quote ($1, a$b$) is code: the statement still splits after it', () => {
    expect(splitStatements('select $1, a$b$c; select 2')).toEqual(['select $1, a$b$c', 'select 2']);
    expect(splitStatements("select '$$'; select $$ a; b $$; select 3")).toEqual(["select '$$'", 'select $$ a; b $$', 'select 3']);
  });

  test('a literal or comment that never closes runs to the end of the text', () => {
    expect(splitStatements("select 1; select 'open; still")).toEqual(['select 1', "select 'open; still"]);
    expect(splitStatements('select 1; select 2 /* open; still')).toEqual(['select 1', 'select 2 /* open; still']);
  });
});

describe('tidySql', () => {
  test('drops blank lines and trailing spaces in code', () => {
    expect(tidySql('\n\nselect 1,   \n\n\n   2\t\n\nfrom t   \n\n')).toBe('select 1,\n   2\nfrom t');
  });

  test('keeps blank lines and trailing spaces inside literals byte-for-byte', () => {
    const literal = "'a   \n\n\n\tb  \n'";
    expect(tidySql(`select ${literal}   \n\n\nfrom t`)).toBe(`select ${literal}\nfrom t`);
  });

  test('keeps doubled quotes and the text after them intact', () => {
    const literal = "'it''s  \n\n fine'";
    expect(tidySql(`select ${literal} ,\n\n  'x'`)).toBe(`select ${literal} ,\n  'x'`);
  });

  test('keeps comments as they are', () => {
    expect(tidySql('select 1 /* a  \n\n b */\n\n\nfrom t')).toBe('select 1 /* a  \n\n b */\nfrom t');
  });

  test('with backslash escapes a \\\' inside a literal does not end it', () => {
    const literal = "'a\\'  \n\n b'";
    expect(tidySql(`select ${literal}`, true)).toBe(`select ${literal}`);
  });

  test('is idempotent', () => {
    const once = tidySql("\n select 'x  \n\n y'  \n\n\n from t \n");
    expect(tidySql(once)).toBe(once);
  });
});
