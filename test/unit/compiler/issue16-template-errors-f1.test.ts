/**
 * Issue 16 item 16, the leftovers of a hostile review: a helper's refusal of its arguments says where the call is; a
 * line left without `}}` points at its `{{`, not at the next line; an undefined path is named whole, with a
 * did-you-mean; columns count characters (code points), not UTF-16 units; no parser jargon ("unexpected inverse",
 * `'}}}}'`); a misspelt hash option of a built-in helper is refused with the nearest one.
 */
import type { RunContext } from '../../../src/compiler/statements';
import { CompileError, type Diagnostic } from '../../../src/errors';
import { compiledContext, compileErrorOf as sharedCompileErrorOf, TempProjects } from '../../helpers/compile-context';

const CONFIG = '{{config event_name="CardWasShipped"}}';
const projects = new TempProjects();
afterAll(() => projects.cleanup());

const compileErrorOf = (model: string): CompileError => sharedCompileErrorOf(projects, model);

let ctx: RunContext;
beforeAll(() => {
  ctx = compiledContext(projects.make(), new Date('2026-11-23T10:00:00Z'));
});

/** The error of rendering `source` (as /nowhere/inline.sql) with `context`. */
function renderError(source: string, context: object = {}): CompileError {
  const diagnostics: Diagnostic[] = [];
  const render = ctx.compiled.env.compile('/nowhere/inline.sql', source, diagnostics);
  expect(diagnostics).toEqual([]);
  try {
    render!(context, { asOf: ctx.asOf, vars: ctx.project.vars });
  } catch (err) {
    if (err instanceof CompileError) return err;
    throw err;
  }
  throw new Error('rendered without an error');
}

describe('helper argument errors carry the place of the call', () => {
  test('{{json_value "event_data"}} (no path): file:line:column of the call, the helper named, a caret', () => {
    const err = renderError('SELECT 1,\n  {{json_value "event_data"}} AS status\n');
    expect(err.message).toBe('/nowhere/inline.sql:2:3: json_value: a JSON path is missing; add one like "$.Status" or "$.card.status"');
    expect(err.message).not.toMatch(/undefined/);
    expect(err.excerpts()).toEqual(['  2 |   {{json_value "event_data"}} AS status', '    |   ^']);
  });

  test('an unquoted column name (a value not given) says so, at its call', () => {
    const err = renderError('SELECT\n\n {{cast event_data "int"}}\n');
    expect(err.message).toMatch(/^\/nowhere\/inline\.sql:3:2: cast: expected a column name or SQL expression, got nothing \(a column name is written in quotes: "event_data"\)$/);
  });

  test('a bad value inside a sub-expression points at the sub-expression', () => {
    const err = renderError('SELECT {{cast (json_value "event_data" "Status") "string"}}\n');
    expect(err.message).toMatch(/^\/nowhere\/inline\.sql:1:15: json_value: JSON path "Status" is not valid/);
  });
});

describe('parse errors', () => {
  test("a line left without '}}', the next line's {{ where the parser stops: points at the opening {{", () => {
    const err = compileErrorOf(`${CONFIG}\nselect event_id,\n  {{json_value "event_data" "$.Status" as status\nfrom {{events}}\n`);
    expect(err.message).toBe("models/x.sql:3:3: template syntax: this '{{' is not closed by '}}' (the parser gave up at the next '{{', 4:6)");
    expect(err.excerpts()).toEqual(['  3 |   {{json_value "event_data" "$.Status" as status', '    |   ^']);
    expect(err.message).not.toMatch(/\}\}\}/);
  });

  test("no raw-block or triple-stash closer ('}}}}', '}}}') in an expected list", () => {
    const err = compileErrorOf(`${CONFIG}\nselect {{json_value "event_data" = }} from {{events}}\n`);
    expect(err.message).toMatch(/^models\/x\.sql:2:34: template syntax: unexpected '='; expected '\}\}'/);
    expect(err.message).not.toMatch(/\}\}\}/);
  });

  test.each([
    ['{{else}} at the top', 'select 1 {{else}} from {{events}}', "2:10: template syntax: an {{else}} outside a block; it belongs inside {{#if …}} … {{/if}} or {{#each …}} … {{/each}}"],
    ['{{^}} at the top', '{{^}}select 1 from {{events}}', '2:1: template syntax: an {{else}} outside a block'],
    ['{{else if x}} at the top', 'select 1 {{else if x}} from {{events}}', '2:10: template syntax: an {{else …}} outside a block'],
    ['two {{else}} in one block', 'select {{#if true}}1{{else}}2{{else}}3{{/if}} from {{events}}', '2:30: template syntax: a second {{else}} in {{#if}}; a block has at most one'],
  ])('%s: plain words, not "unexpected inverse"', (_what, line, expected) => {
    const err = compileErrorOf(`${CONFIG}\n${line}\n`);
    expect(err.message.startsWith(`models/x.sql:${expected}`)).toBe(true);
    expect(err.message).not.toMatch(/inverse|invalid/i);
  });
});

describe('an undefined name: the whole path, and did you mean', () => {
  test("{{tabels.exceptions}}: 'tabels' is the missing segment, named with the path, did you mean 'tables'", () => {
    const err = renderError('SELECT * FROM {{tabels.exceptions}}\n', { args: {} });
    expect(err.message).toBe("/nowhere/inline.sql:1:17: 'tabels' is not defined (in 'tabels.exceptions'); did you mean 'tables'?");
  });

  test("{{evnts}}: did you mean 'events' (a helper valid bare)", () => {
    expect(renderError('SELECT * FROM {{evnts}}\n').message).toBe("/nowhere/inline.sql:1:17: 'evnts' is not defined; did you mean 'events'?");
  });

  test('a misspelt key of a known object: the nearest key of that object', () => {
    expect(renderError('WHERE x = {{args.descripton}}\n', { args: { description: 'x' } }).message).toBe(
      "/nowhere/inline.sql:1:13: 'descripton' is not defined (in 'args.descripton'); did you mean 'description'?",
    );
    expect(renderError('WHERE x = {{tables.exceptoins}}\n').message).toMatch(/'exceptoins' is not defined \(in 'tables\.exceptoins'\); did you mean 'exceptions'\?$/);
  });

  test('no guess for a name unlike any: the old hint', () => {
    expect(renderError('WHERE x = {{zzzzzz}}\n').message).toBe("/nowhere/inline.sql:1:13: 'zzzzzz' is not defined (a misspelt name, or an argument not given?)");
  });
});

describe('columns count characters (code points), not UTF-16 units', () => {
  test('an unknown helper after three emoji: column 9, not 12; the caret under it', () => {
    const err = compileErrorOf(`${CONFIG}\n-- 😀😀😀\n  😀😀😀 {{json_valu "event_data" "$.A"}}\nfrom {{events}}\n`);
    expect(err.message).toBe("models/x.sql:3:9: unknown helper 'json_valu'; did you mean 'json_value'?");
    expect(err.excerpts()).toEqual(['  3 |   😀😀😀 {{json_valu "event_data" "$.A"}}', `    | ${' '.repeat(8)}^`]);
  });

  test('a parse error: its column and the place where the parser gave up, in characters', () => {
    const err = compileErrorOf(`${CONFIG}\nselect '😀😀😀', {{json_value "event_data" "$.A"} as a\nfrom {{events}}\n`);
    // `select '😀😀😀', ` is 14 characters (17 UTF-16 units): the {{ is at 15 (not 18), the lone } at 46 (not 49).
    expect(err.message).toBe("models/x.sql:2:15: template syntax: this '{{' is not closed by '}}' (the parser gave up at 2:46)");
  });

  test('a helper error at render time', () => {
    expect(renderError("SELECT '😀😀😀' || {{json_value \"event_data\"}}\n").message).toMatch(/^\/nowhere\/inline\.sql:1:17: json_value:/);
  });
});

describe('hash options of built-in helpers', () => {
  test("a misspelt option is refused at load, at the option, with the nearest one: typ= → type=", () => {
    const err = compileErrorOf(`${CONFIG}\nselect {{json_value "event_data" "$.At" typ="timestamp"}} as at\nfrom {{events}}\n`);
    expect(err.message).toBe("models/x.sql:2:41: json_value has no option 'typ'; did you mean 'type'?");
  });

  test('an option a helper does not take at all, every one reported; the declared ones pass', () => {
    const err = compileErrorOf(`${CONFIG}\nselect {{cast "event_id" "string" as="x"}}, {{json_value "event_data" "$.A" type="int" strict=true}}\nfrom {{events}}\n`);
    expect(err.diagnostics.map((d) => `${d.at?.line}:${d.at?.column} ${d.message}`)).toEqual([
      "2:35 cast has no option 'as' (it takes no options)",
      "2:88 json_value has no option 'strict' (it takes type=)",
    ]);
  });
});
