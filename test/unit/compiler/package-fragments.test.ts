/**
 * The package's private SQL (src/<feature>/sql) dispatches the package's public fragments whatever a project
 * overrides: a project's macros/dialects/<target>/text_order.sql changes its own SQL, never the effective events'
 * tie-breaking (SPEC §3) inside a rebuild. And a project's `templates/` folder is refused only when it holds runner
 * SQL overrides (`templates/<dir>/*.sql`).
 */
import path from 'node:path';
import { compileProject } from '../../../src/compiler/project';
import { loadProject } from '../../../src/config/load';
import { CompileError } from '../../../src/errors';
import { modelSql } from '../../../src/rebuild/model-sql';
import { duckdbAdapter } from '../../../src/targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../../../src/targets/duckdb/duckdb-dialect';
import { compiledContext, TempProjects } from '../../helpers/compile-context';

const AS_OF = new Date('2026-11-23T10:00:00Z');
const OWN = '{{config event_name="CardWasShipped"}}\nSELECT event_id, {{dispatch "text_order" expr=(ident "user_id")}} AS k FROM {{events}}\n';
const TEXT_ORDER = 'macros/dialects/duckdb/text_order.sql';

const projects = new TempProjects();
afterAll(() => projects.cleanup());

function ownSql(files: Record<string, string>): string {
  const ctx = compiledContext(projects.make({ models: { own: OWN }, files }), AS_OF);
  return modelSql(ctx, ctx.compiled.models.get('own')!, null);
}

test("a project's text_order override reaches its own model, not the effective events it reads", () => {
  const base = ownSql({});
  const overridden = ownSql({ [TEXT_ORDER]: 'LOWER({{expr}})\n' });
  // The package's tie-breaking orders by user_id too: only the model's own call may change.
  expect(base).toContain('COALESCE("user_id", \'\')');
  expect(overridden).toContain('LOWER("user_id") AS k');
  expect(overridden.split('LOWER(').length - 1).toBe(1);
  expect(overridden).toBe(base.replace('"user_id" AS k', 'LOWER("user_id") AS k'));
});

test("a project's json_text override does not reach the effective events either", () => {
  const base = ownSql({});
  expect(ownSql({ 'macros/dialects/duckdb/json_text.sql': 'UPPER(CAST({{expr}} AS VARCHAR))\n' })).toBe(base);
});

describe("a project's templates/ folder", () => {
  const compile = (files: Record<string, string>): unknown => {
    try {
      compileProject(loadProject({ projectDir: projects.make({ files }) }), new DuckdbDialect(), duckdbAdapter);
      return null;
    } catch (err) {
      return err;
    }
  };
  test('of its own (HTML templates, loose files) compiles', () => {
    expect(compile({ 'templates/page.html': '<p>{{x}}</p>\n', 'templates/mail/welcome.html': '<p/>\n', 'templates/notes.sql': 'SELECT 1\n' })).toBeNull();
  });
  test('holding templates/<dir>/*.sql (runner SQL overrides) is a diagnostic', () => {
    const error = compile({ 'templates/duckdb/ledger_finish.sql': 'SELECT 1\n', 'templates/page.html': '<p/>\n' });
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).diagnostics.map((d) => path.basename(d.file ?? ''))).toEqual(['templates']);
  });
});
