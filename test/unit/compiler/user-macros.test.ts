/**
 * SPEC §6: the built-in macros ship with the package whatever the project dir; a project's own macros/ adds to
 * them, and a macro with the same name overrides the built-in one (args included).
 */
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/compiler/package-root';
import { CompileError, UsageError } from '../../../src/errors';
import { compileErrorIn, compiledContext, TempProjects } from '../../helpers/compile-context';
import { modelSql } from '../../../src/rebuild/model-sql';
import { compileOperation } from '../../../src/operations/compile-operation';

const AS_OF = new Date('2026-11-23T10:00:00Z');
const IDS = { operationId: '00000000-0000-4000-8000-000000000001', timestamp: new Date('2026-11-23T10:00:00Z') };
const BUILT_INS = ['add_duplicates_to_exclusions', 'remove_duplicates_by_business_id', 'remove_duplicates_by_event_id', 'update_event_data'];

const COUNT_EVENTS = `{{!--
description: count one stage table's events in the lookback
args:
  stage_table_name: { type: stage_table, required: true }
  lookback_days: { type: integer, default: 7, min: 1, max: 30 }
  label: { type: string, required: true }
--}}
SELECT {{args.label}} AS label, COUNT(*) AS n
FROM {{tables.original}}
WHERE event_name = {{args.event_name}}
  AND event_created_at >= {{lookback_start args.lookback_days}}
  AND event_created_at < {{lookback_end}}
`;

const OVERRIDE = `{{!--
description: project version of update_event_data, with its own args
args:
  stage_table_name: { type: stage_table, required: true }
  note: { type: string, default: "overridden" }
--}}
SELECT {{args.note}} AS note, {{args.event_name}} AS event_name
`;

const projects = new TempProjects();
afterAll(() => projects.cleanup());

describe('a project macro with a new name', () => {
  const dir = projects.make({ files: { 'macros/count_events.sql': COUNT_EVENTS } });
  const ctx = compiledContext(dir, AS_OF);

  test('is added next to the built-ins', () => {
    expect([...ctx.compiled.macros.keys()].sort()).toEqual([...BUILT_INS, 'count_events'].sort());
    expect(ctx.compiled.macros.get('count_events')!.file).toBe(path.join(dir, 'macros', 'count_events.sql'));
    for (const name of BUILT_INS) expect(ctx.compiled.macros.get(name)!.file).toBe(path.join(PACKAGE_ROOT, 'macros', `${name}.sql`));
  });

  test('has its declared args validated, with defaults filled', () => {
    const plan = compileOperation(ctx, 'count_events', { stage_table_name: 'payment_completed', label: "Q4 'late'" }, IDS);
    expect(plan.args).toEqual({ stage_table_name: 'payment_completed', lookback_days: 7, label: "Q4 'late'", event_name: 'PaymentCompleted' });
    expect(plan.statements.map((s) => s.sql)).toEqual([
      [
        `SELECT 'Q4 ''late''' AS label, COUNT(*) AS n`,
        `FROM "kinesis"."backend_events"`,
        `WHERE event_name = 'PaymentCompleted'`,
        `  AND event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000'`,
        `  AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000'`,
      ].join('\n'),
    ]);
  });

  test('refuses unknown keys and out-of-bounds values', () => {
    expect(() => compileOperation(ctx, 'count_events', { stage_table_name: 'card_shipped', label: 'x', extra: 1 }, IDS)).toThrow(
      /unknown key 'extra'/,
    );
    expect(() => compileOperation(ctx, 'count_events', { stage_table_name: 'card_shipped', label: 'x', lookback_days: 31 }, IDS)).toThrow(
      /--args\.lookback_days/,
    );
  });

  test('an unknown macro name lists every available macro, the project ones included', () => {
    expect(() => compileOperation(ctx, 'count_event', {}, IDS)).toThrow(UsageError);
    expect(() => compileOperation(ctx, 'count_event', {}, IDS)).toThrow(`available: ${[...BUILT_INS, 'count_events'].sort().join(', ')}`);
  });
});

describe('a project macro named like a built-in', () => {
  const dir = projects.make({ files: { 'macros/update_event_data.sql': OVERRIDE } });
  const ctx = compiledContext(dir, AS_OF);

  test('replaces the built-in: its file, its header and its SQL', () => {
    const macro = ctx.compiled.macros.get('update_event_data')!;
    expect(macro.file).toBe(path.join(dir, 'macros', 'update_event_data.sql'));
    expect(Object.keys(macro.header.args).sort()).toEqual(['note', 'stage_table_name']);
    expect(ctx.compiled.macros.size).toBe(BUILT_INS.length);
    const plan = compileOperation(ctx, 'update_event_data', { stage_table_name: 'card_shipped' }, IDS);
    expect(plan.statements.map((s) => s.sql)).toEqual([`SELECT 'overridden' AS note, 'CardWasShipped' AS event_name`]);
  });

  test("the built-in's args no longer apply", () => {
    expect(() =>
      compileOperation(ctx, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ['e1'], set: { '$.Status': 'x' }, description: 'd' }, IDS),
    ).toThrow(/unknown keys? .*'event_ids'/);
  });

  test('the other built-ins are untouched', () => {
    expect(ctx.compiled.macros.get('add_duplicates_to_exclusions')!.file).toBe(path.join(PACKAGE_ROOT, 'macros', 'add_duplicates_to_exclusions.sql'));
  });
});

describe('project dialect fragments', () => {
  test('a project macros/dialects/duckdb fragment overrides the package one', () => {
    const dir = projects.make({ files: { 'macros/dialects/duckdb/json_value.sql': 'my_json_value({{expr}}, {{path}})\n' } });
    const ctx = compiledContext(dir, AS_OF);
    const sql = modelSql(ctx, ctx.compiled.models.get('card_shipped')!, null);
    expect(sql).toContain(`my_json_value("event_data", '$.Status') as status`);
    expect(sql).not.toContain('json_extract_string');
  });
});

describe('runner SQL is private', () => {
  test("a project's templates/ folder (runner SQL overrides) is a compile diagnostic naming it", () => {
    const dir = projects.make({ files: { 'templates/default/ledger_finish.sql': 'SELECT 1\n' } });
    const error: unknown = compileErrorIn(dir);
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).diagnostics).toEqual([
      { file: path.join(dir, 'templates'), message: expect.stringMatching(/runner SQL is private .* macros\/dialects\/<target>\//) },
    ]);
  });
  test('a project macros/dialects override of a fragment that is private now is a diagnostic too', () => {
    const dir = projects.make({ files: { 'macros/dialects/duckdb/effective_events.sql': 'SELECT 1\n' } });
    const error: unknown = compileErrorIn(dir);
    expect((error as CompileError).diagnostics).toEqual([
      { file: path.join(dir, 'macros', 'dialects', 'duckdb', 'effective_events.sql'), message: expect.stringContaining("effective_events is the package's private SQL now (src/semantics/sql/)") },
    ]);
  });
});

describe('a project macro with a bad header', () => {
  test('is a compile diagnostic naming the file and the field', () => {
    const bad = `{{!--\nargs:\n  n: { type: float }\n--}}\nSELECT {{args.n}}\n`;
    const dir = projects.make({ files: { 'macros/bad_header.sql': bad } });
    const error: unknown = compileErrorIn(dir);
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).diagnostics).toEqual([
      { file: path.join(dir, 'macros', 'bad_header.sql'), message: expect.stringContaining('front matter.args.n.type') },
    ]);
  });
});
