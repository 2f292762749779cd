/**
 * Issue 16 item 16: template errors say where (file:line:column, the line itself and a caret) and what: an unclosed
 * `{{`, an unclosed block, a misspelt helper (with the nearest helper name), a name not defined at render time.
 */
import { compileProject } from '../../../src/compiler/project';
import type { RunContext } from '../../../src/compiler/statements';
import { loadProject } from '../../../src/config/load';
import { CompileError, type Diagnostic } from '../../../src/errors';
import { closest, didYouMean, editDistance } from '../../../src/suggest';
import { duckdbAdapter } from '../../../src/targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../../../src/targets/duckdb/duckdb-dialect';
import { compiledContext, compileErrorOf as sharedCompileErrorOf, TempProjects } from '../../helpers/compile-context';

const CONFIG = '{{config event_name="CardWasShipped"}}';
const projects = new TempProjects();
afterAll(() => projects.cleanup());

const compileErrorOf = (model: string): CompileError => sharedCompileErrorOf(projects, model);

describe('parse errors', () => {
  test("an unclosed '}}' points at the '{{' it belongs to, with the line and a caret", () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id,\n  user_id\nfrom {{events}\nwhere 1 = 1\n`);
    expect(err.message).toBe("models/x.sql:4:6: template syntax: this '{{' is not closed by '}}' (the parser gave up at 4:14)");
    expect(err.excerpts()).toEqual(['  4 | from {{events}', '    |      ^']);
  });

  test('an unclosed {{ at the end of a line, the parser giving up lines later, still points at the {{', () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id from {{events}}\nwhere {{json_value event_data "$.Status"\nand 1 = 1\n`);
    expect(err.message).toMatch(/^models\/x\.sql:3:7: template syntax: this '\{\{' is not closed by '\}\}'/);
    expect(err.excerpts()).toEqual(['  3 | where {{json_value event_data "$.Status"', '    |       ^']);
  });

  test('an unclosed block names the block and where it opens', () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id from {{events}}\n{{#if true}}\nwhere 1 = 1\n`);
    expect(err.message).toBe('models/x.sql:3:1: template syntax: {{#if}} is not closed; add {{/if}} where the block ends');
  });

  test('any other parse error says what was found and what was expected, at its place', () => {
    const err = compileErrorOf(`${CONFIG}\nselect {{json_value (cast event_data}} from {{events}}\n`);
    expect(err.message).toMatch(/^models\/x\.sql:2:37: template syntax: unexpected '\}\}'; expected .*'\)'/);
    expect(err.excerpts()[1]).toBe(`    | ${' '.repeat(36)}^`);
  });

  test('a block closed by another name: the place and the names, not "- 3:2"', () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id from {{events}}\n{{#if true}}x{{/each}}\n`);
    expect(err.message).toMatch(/^models\/x\.sql:3:\d+: template syntax: if doesn't match each$/);
  });

  test('tabs before the spot are kept under the caret', () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id\n\tfrom {{events}\n`);
    expect(err.excerpts()).toEqual(['  3 | \tfrom {{events}', '    | \t     ^']);
  });
});

describe('unknown helpers', () => {
  test("a misspelt helper: file:line:column, and did you mean the nearest helper", () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id,\n  {{json_value event_data "$.Status"}} as status,\n\n\n   {{json_valu event_data "$.Carrier"}} as carrier\nfrom {{events}}\n`);
    expect(err.message).toBe("models/x.sql:6:6: unknown helper 'json_valu'; did you mean 'json_value'?");
    expect(err.message).not.toMatch(/object Object/);
    expect(err.excerpts()).toEqual(['  6 |    {{json_valu event_data "$.Carrier"}} as carrier', '    |      ^']);
  });

  test('inside a sub-expression, a block and a hash value too; every one reported; no guess for a name unlike any', () => {
    const err = compileErrorOf(
      `${CONFIG}\nselect {{cast (json_vlaue event_data "$.A") "string"}},\n{{#eahc (list 1 2)}}{{/eahc}}\n{{json_value event_data "$.B" type=(typ "int")}},\n{{frobnicate_everything event_data}}\nfrom {{events}}\n`,
    );
    const messages = err.diagnostics.map((d: Diagnostic) => `${d.at?.line}:${d.at?.column} ${d.message}`);
    expect(messages).toEqual([
      "2:16 unknown helper 'json_vlaue'; did you mean 'json_value'?",
      "3:4 unknown helper 'eahc'; did you mean 'each'?",
      "4:37 unknown helper 'typ'; did you mean 'type'?",
      "5:3 unknown helper 'frobnicate_everything'",
    ]);
  });

  test('values, bare helpers and registered helpers are not flagged', () => {
    const dir = projects.make({ models: { x: `${CONFIG}\nselect {{json_value event_data "$.A" type="string"}}, {{now}} from {{events}}\n{{#if true}}{{/if}}\n` } });
    expect(() => compileProject(loadProject({ projectDir: dir }), new DuckdbDialect(), duckdbAdapter)).not.toThrow();
  });
});

describe('render-time errors', () => {
  let ctx: RunContext;
  beforeAll(() => {
    ctx = compiledContext(projects.make(), new Date('2026-11-23T10:00:00Z'));
  });

  test("a name not defined: its place and line, not '[object Object]'", () => {
    const diagnostics: Diagnostic[] = [];
    const render = ctx.compiled.env.compile('/nowhere/inline.sql', 'SELECT 1\nWHERE x = {{args.nme}}\n', diagnostics)!;
    let error: unknown;
    try {
      render({ args: { name: 'x' } }, { asOf: ctx.asOf, vars: ctx.project.vars });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).message).toMatch(/^\/nowhere\/inline\.sql:2:\d+: 'nme' is not defined/);
    expect((error as CompileError).message).not.toMatch(/object Object/);
    expect((error as CompileError).excerpts()[0]).toBe('  2 | WHERE x = {{args.nme}}');
  });
});

describe('did you mean (reusable)', () => {
  test('edit distance counts a swap of neighbours as one', () => {
    expect(editDistance('json_valu', 'json_value')).toBe(1);
    expect(editDistance('cats', 'cast')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  test('the nearest candidate within a third of the length, case-insensitive, deterministic on ties', () => {
    expect(closest('json_valu', ['json_set', 'json_value', 'json_text'])).toBe('json_value');
    expect(closest('RUN', ['run', 'revert'])).toBe('run');
    expect(closest('xyz', ['json_value', 'cast'])).toBeNull();
    expect(closest('ab', ['ac', 'ad'])).toBe('ac');
    expect(didYouMean('revret', ['revert', 'resume'])).toBe("; did you mean 'revert'?");
    expect(didYouMean('zzz', ['revert'])).toBe('');
  });
});
