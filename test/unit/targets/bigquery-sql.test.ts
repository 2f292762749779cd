/**
 * BigQuery SQL, verified offline: every statement the framework can send to BigQuery — built-in macros, example
 * models (full and by day), migrations and every runner template — must parse with sql-parser-cst's bigquery
 * dialect (named parameters enabled), and the day bounds that prune partitions must be constant literals.
 */
import { parse } from 'sql-parser-cst';
import { packageSql } from '../../../src/compiler/template-sources';
import { renderState, runnerStatements, toStatements, type RunContext } from '../../../src/compiler/statements';
import type { Statement } from '../../../src/compiler/sql';
import { IN_PLACE, OPERATIONS, plan, REBUILD, runnerCases } from '../../helpers/bigquery-cases';
import { migrationContext } from '../../../src/ledger/migration-context';
import { compiledContext, TARGET_YML, TempProjects } from '../../helpers/compile-context';
import { sqlHandle, sqlHandles } from '../../helpers/sql-handles';
import { captureStatements, type ReplacedRows } from '../../../src/changes/capture';
import { rebuildStatements } from '../../../src/rebuild/steps';
import { compileOperation } from '../../../src/operations/compile-operation';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const projects = new TempProjects();
let ctx: RunContext;
beforeAll(() => {
  ctx = compiledContext(projects.make({ yml: TARGET_YML.bigquery }), AS_OF);
});
afterAll(() => projects.cleanup());

function parses(s: Statement): void {
  try {
    parse(s.sql, { dialect: 'bigquery', paramTypes: ['@name'] });
  } catch (err) {
    throw new Error(`does not parse as BigQuery: ${(err as Error).message.split('\n')[0]}\n${s.sql}`);
  }
}

describe('every BigQuery statement parses', () => {
  it.each(OPERATIONS.map(([m, a], i) => [`${m} #${i}`, m, a] as const))('%s', (_n, macro, args) => {
    const statements = compileOperation(ctx, macro, args).statements;
    expect(statements.length).toBeGreaterThan(0);
    statements.forEach(parses);
  });

  it.each(['card_shipped', 'payment_completed'])('model %s: full refresh and day rebuild', (model) => {
    for (const mode of ['full', 'days'] as const) {
      const st = rebuildStatements(ctx, plan(ctx, model, mode));
      [...st.build, ...st.swap, ...st.cleanup].forEach(parses);
      // DDL runs outside the swap's transaction here, so days are built in a work table, never in place.
      expect([st.probe, st.insert]).toEqual([null, null]);
      if (mode === 'days') expect(st.workTable).toBe(`stage.__backfill_work_${model}`);
    }
  });

  it('a targeted rebuild correcting the events of an old day one by one, and its change capture', () => {
    const st = rebuildStatements(ctx, plan(ctx, 'card_shipped', 'days', true));
    [...st.build, ...st.swap, ...st.cleanup].forEach(parses);
    const capture = captureStatements(ctx, { sink: 'feed' }, { model: ctx.compiled.models.get('card_shipped')!, columns: ['event_id', 'event_created_at'], afterTable: st.written, replaced: st.replaced as ReplacedRows, operationId: 'op' });
    capture.forEach(parses);
    // The old day is only touched through the corrected ids, in its own partition; the MERGE replaces the window alone.
    const merge = st.swap.find((s) => s.sql.startsWith('MERGE'))!.sql;
    expect(merge).not.toContain("TIMESTAMP '2026-11-05");
    const byId = st.swap.find((s) => s.sql.includes('inserted_at >'))!.sql;
    expect(byId).toMatch(/^DELETE FROM/);
    expect(byId).toContain("inserted_at > TIMESTAMP '2026-11-22 10:00:00+00' AND inserted_at <= TIMESTAMP '2026-11-23 10:00:00.123456+00'");
    expect(byId).toContain("`event_created_at` >= TIMESTAMP '2026-11-05 00:00:00.000+00' AND `event_created_at` < TIMESTAMP '2026-11-06 00:00:00.000+00'");
    expect(st.build[0]!.sql).not.toContain("TIMESTAMP '2026-11-05");
    expect(capture[0]!.sql).toContain("inserted_at > TIMESTAMP '2026-11-22 10:00:00+00'");
  });

  it('every migration', () => {
    const all = ctx.compiled.migrations.flatMap((m) => toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx));
    expect(all.length).toBeGreaterThan(5);
    all.forEach(parses);
  });

  it('every runner template, and the table above names them all', () => {
    const sql = packageSql([]);
    const names = sqlHandles().filter(({ handle }) => !handle.fragment && ['default', 'bigquery'].some((d) => sql.get(handle.name)?.[d])).map(({ handle }) => handle.name);
    expect([...new Set(names)].sort()).toEqual([...Object.keys(runnerCases(ctx)), ...REBUILD, ...IN_PLACE].sort());
    for (const [name, context] of Object.entries(runnerCases(ctx))) runnerStatements(ctx, sqlHandle(name), context() as Record<string, unknown>).forEach(parses);
  });
});

describe('pruning and parameters', () => {
  it('a day rebuild bounds the original, the work table and the MERGE with constant TIMESTAMP literals', () => {
    const st = rebuildStatements(ctx, plan(ctx, 'card_shipped', 'days'));
    const build = st.build[0]!.sql;
    expect(build).toContain("event_created_at >= TIMESTAMP '2026-11-05 00:00:00.000+00' AND event_created_at < TIMESTAMP '2026-11-06 00:00:00.000+00'");
    expect(build).toContain("event_created_at >= TIMESTAMP '2026-11-20 00:00:00.000+00' AND event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'");
    const merge = st.swap.find((s) => s.sql.startsWith('MERGE'))!.sql;
    expect(merge).toMatch(/ON FALSE\s+WHEN NOT MATCHED BY SOURCE\s+AND \(\(target\.`event_created_at` >= TIMESTAMP '2026-11-05 00:00:00\.000\+00'/);
    expect(merge).toContain('WHEN NOT MATCHED THEN INSERT ROW');
    for (const s of [...st.build, ...st.swap]) expect(s.sql).not.toMatch(/event_created_at`? [<>]=? \(?SELECT/i);
  });

  it("a macro's lookback window is constant too, and user values travel as named parameters", () => {
    const op = compileOperation(ctx, 'remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 7, description: "x'; DROP TABLE t; --" });
    const sql = op.statements.map((s) => s.sql).join('\n');
    expect(sql).toContain("event_created_at >= TIMESTAMP '2026-11-16 00:00:00.000+00'");
    expect(sql).toContain("event_created_at < TIMESTAMP '2026-11-24 00:00:00.000+00'");
    expect(sql).not.toContain('DROP TABLE');
    const params = Object.assign({}, ...op.statements.map((s) => s.params)) as Record<string, unknown>;
    expect(Object.values(params)).toEqual(expect.arrayContaining(["x'; DROP TABLE t; --", 'CardWasShipped', op.operationId]));
    for (const s of op.statements) for (const name of Object.keys(s.params)) expect(s.sql).toContain(`@${name}`);
  });

  it('quotes a hyphenated project in a three-part table name with backticks', () => {
    const p = compiledContext(projects.make({ yml: `${TARGET_YML.bigquery}tables: { original: dw-prod-gwiiag.kinesis.backend_events }\n` }), AS_OF);
    expect(p.compiled.env.tables.original.text).toBe('`dw-prod-gwiiag`.`kinesis`.`backend_events`');
  });
});
