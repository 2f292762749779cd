/**
 * SPEC §4: every value reaching SQL is a literal escaped for the dialect, identifiers are validated and quoted,
 * HTML escaping never applies, and template problems are reported together as compile diagnostics.
 */
import { compileProject } from '../../../src/compiler/project';
import type { RunContext } from '../../../src/compiler/statements';
import type { RenderState } from '../../../src/compiler/render-state';
import { splitStatements } from '../../../src/compiler/sql-text';
import { loadProject } from '../../../src/config/load';
import { CompileError, UsageError, type Diagnostic } from '../../../src/errors';
import { duckdbAdapter } from '../../../src/targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../../../src/targets/duckdb/duckdb-dialect';
import { compileErrorIn, compiledContext, TempProjects } from '../../helpers/compile-context';
import { compileOperation } from '../../../src/operations/compile-operation';

const AS_OF = new Date('2026-11-23T10:00:00Z');
const IDS = { operationId: '00000000-0000-4000-8000-000000000001', timestamp: new Date('2026-11-23T10:00:00Z') };
const NASTY = "it's'; DROP TABLE x; --";
const NASTY_LITERAL = "'it''s''; DROP TABLE x; --'";

const ECHO_MACRO = `{{!--
description: writes its description twice, bare
args:
  stage_table_name: { type: stage_table, required: true }
  description: { type: string, required: true }
--}}
INSERT INTO {{tables.exclusions}} (event_id, event_name, exclusion_description, operation_id)
SELECT event_id, event_name, {{args.description}}, {{op.id}}
FROM {{tables.original}}
WHERE event_name = {{args.event_name}};

SELECT {{args.description}} AS echoed;
`;

const projects = new TempProjects();
let ctx: RunContext;
beforeAll(() => {
  ctx = compiledContext(projects.make({ files: { 'macros/echo_description.sql': ECHO_MACRO } }), AS_OF);
});
afterAll(() => projects.cleanup());

const state = (): RenderState => ({ asOf: AS_OF, vars: ctx.project.vars });

/** Compiles and renders one template source with the project's environment. */
function render(source: string, context: object = {}): string {
  const diagnostics: Diagnostic[] = [];
  const compiled = ctx.compiled.env.compile('inline.sql', source, diagnostics);
  if (!compiled) throw new CompileError(diagnostics);
  return compiled(context, state());
}

/** The rendered text, or 'UsageError' when rendering refuses the template. */
function renderOrRefuse(source: string, context: object): string {
  try {
    return render(source, context);
  } catch (err) {
    if (err instanceof UsageError) return 'UsageError';
    throw err;
  }
}

/** SQL with every single-quoted literal removed: what is left is code. */
const codeOnly = (sql: string): string => sql.replace(/'(?:[^']|'')*'/g, '<lit>');

describe('bare {{value}} in a user macro', () => {
  test('a value with quotes and a statement terminator becomes one escaped literal', () => {
    const plan = compileOperation(ctx, 'echo_description', { stage_table_name: 'card_shipped', description: NASTY }, IDS);
    expect(plan.statements).toHaveLength(2);
    expect(plan.statements[0]!.sql).toContain(`SELECT event_id, event_name, ${NASTY_LITERAL}, '${IDS.operationId}'`);
    expect(plan.statements[0]!.sql).toContain(`WHERE event_name = 'CardWasShipped'`);
    expect(plan.statements[1]!.sql).toBe(`SELECT ${NASTY_LITERAL} AS echoed`);
    const script = plan.statements.map((s) => s.sql).join(';\n');
    expect(codeOnly(script)).not.toMatch(/DROP|it's/);
    expect(splitStatements(script)).toHaveLength(2);
  });

  test('HTML-special characters are written unchanged (no HTML escaping)', () => {
    const html = `<a & "b"> 'c' \`d\` =e`;
    const plan = compileOperation(ctx, 'echo_description', { stage_table_name: 'card_shipped', description: html }, IDS);
    expect(plan.statements[1]!.sql).toBe(`SELECT '<a & "b"> ''c'' \`d\` =e' AS echoed`);
    expect(plan.statements.map((s) => s.sql).join('\n')).not.toMatch(/&(lt|gt|amp|quot|#x27|#x60|#x3D);/);
  });

  test('the configured table names are quoted identifiers', () => {
    const plan = compileOperation(ctx, 'echo_description', { stage_table_name: 'card_shipped', description: 'x' }, IDS);
    expect(plan.statements[0]!.sql).toMatch(/^INSERT INTO "s3"\."backend_events_exclusions" \(/);
    expect(plan.statements[0]!.sql).toContain('FROM "kinesis"."backend_events"');
  });

  test.each<[string, object, string]>([
    ['{{v}}', { v: NASTY }, NASTY_LITERAL],
    ['{{v}}', { v: 42 }, '42'],
    ['{{v}}', { v: true }, 'TRUE'],
    ['{{v}}', { v: null }, 'NULL'],
    ['{{v}}', { v: { k: "o'k" } }, `CAST('{"k":"o''k"}' AS JSON)`],
    ['{{#with v}}{{k}}{{/with}}', { v: { k: NASTY } }, NASTY_LITERAL],
    ['{{#each v}}{{this}},{{/each}}', { v: ['a', "b'"] }, "'a','b''',"],
    ['{{#each v}}{{@key}}={{this}}{{/each}}', { v: { "k'": 1 } }, "'k'''=1"],
    ['{{"text"}} {{7}}', {}, "'text' 7"],
    ['{{lit v}}', { v: NASTY }, NASTY_LITERAL],
    ['{{list v}}', { v: ['a', "b'"] }, "('a', 'b''')"],
  ])('%s with %j renders %s', (source, context, expected) => {
    expect(render(source, context)).toBe(expected);
  });

  test('a helper that returns a raw string (Handlebars lookup) still yields an escaped literal or is refused', () => {
    expect([NASTY_LITERAL, 'UsageError']).toContain(renderOrRefuse('{{lookup args "description"}}', { args: { description: NASTY } }));
  });

  test('a misspelt field is an error, not a silent NULL (templates compile in strict mode)', () => {
    expect(() => render('{{args.descripton}}', { args: { description: 'x' } })).toThrow(UsageError);
  });
});

describe('identifiers and dispatched fragments', () => {
  test.each(['bad name', 'a;b', '1abc', '"x"', ''])('{{ident %j}} throws a UsageError', (name) => {
    expect(() => render('{{ident v}}', { v: name })).toThrow(UsageError);
  });

  test('{{ident}} and {{table}} quote valid names', () => {
    expect(render('{{ident "status"}} {{table "s3.t_1"}}')).toBe('"status" "s3"."t_1"');
    expect(() => render('{{table "s3.x;y"}}')).toThrow(/table name/);
  });

  test('json_value is dispatched to the DuckDB fragment, with the path as a literal', () => {
    expect(render('{{json_value "event_data" "$.Status"}}')).toBe(`json_extract_string("event_data", '$.Status')`);
    expect(render('{{json_value "e.event_data" "$.a.b" type="int"}}')).toBe(
      `TRY_CAST(json_extract_string("e"."event_data", '$.a.b') AS BIGINT)`,
    );
  });

  test.each(["$.a b", "$.a'", '$[0]', 'Status', "$.a') OR 1=1 --"])('json_value with invalid path %j throws naming the path', (p) => {
    expect(() => render('{{json_value "event_data" p}}', { p })).toThrow(UsageError);
    expect(() => render('{{json_value "event_data" p}}', { p })).toThrow(JSON.stringify(p));
  });

  test('json_value on something that is not a column name throws', () => {
    expect(() => render('{{json_value v "$.a"}}', { v: 'x; drop' })).toThrow(UsageError);
  });

  test('json_set writes its values as literals', () => {
    const sql = render('{{json_set "event_data" set}}', { set: { '$.Status': NASTY } });
    expect(sql).toContain(`"event_data"`);
    expect(codeOnly(sql)).not.toMatch(/DROP|it's/);
    expect(sql).toContain(JSON.stringify({ Status: NASTY }).replace(/'/g, "''"));
  });
});

describe('compile diagnostics', () => {
  const HEADER = '{{!--\ndescription: x\n--}}\n';

  test('triple-stash, {{& }}, partials and missing headers in several files are all reported together', () => {
    const dir = projects.make({
      models: {
        card_shipped: '{{config event_name="CardWasShipped"}}\nselect {{{raw}}} from {{events}}\n',
        payment_completed: '{{config event_name="PaymentCompleted"}}\nselect event_id from {{events}}\n',
      },
      files: {
        'macros/bad_one.sql': `${HEADER}SELECT {{{args.x}}};\n{{> some_partial}}\n`,
        'macros/bad_two.sql': `${HEADER}{{#if args.y}}SELECT {{&args.y}}{{/if}}\n`,
        'macros/no_header.sql': 'SELECT 1\n',
        'macros/fine.sql': `${HEADER}SELECT {{args.x}}\n`,
      },
    });
    const error: unknown = compileErrorIn(dir);
    expect(error).toBeInstanceOf(CompileError);
    const diagnostics = (error as CompileError).diagnostics;
    const of = (name: string): string[] => diagnostics.filter((d) => d.file.endsWith(name)).map((d) => d.message);
    expect(of('bad_one.sql')).toEqual([expect.stringMatching(/triple-stash/), expect.stringMatching(/partials/)]);
    expect(of('bad_two.sql')).toEqual([expect.stringMatching(/triple-stash/)]);
    expect(of('no_header.sql')).toEqual([expect.stringMatching(/\{\{!--/)]);
    expect(of('card_shipped.sql')).toEqual([expect.stringMatching(/triple-stash/)]);
    expect(of('fine.sql')).toEqual([]);
    expect(diagnostics).toHaveLength(5);
    for (const file of ['bad_one.sql', 'bad_two.sql', 'no_header.sql', 'card_shipped.sql']) expect((error as CompileError).message).toContain(file);
  });

  test('a template syntax error is a diagnostic naming the file', () => {
    const dir = projects.make({ files: { 'macros/broken.sql': `${HEADER}SELECT {{#if x}}1\n` } });
    expect(() => compileProject(loadProject({ projectDir: dir }), new DuckdbDialect(), duckdbAdapter)).toThrow(/broken\.sql:\d+:\d+: template syntax: \{\{#if\}\} is not closed/);
  });
});
