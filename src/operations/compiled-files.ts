import path from 'node:path';
import { renderState, toStatements, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import { writeFileSafely } from '../fs/safe-write';
import { migrationContext } from '../ledger/migration-context';
import { loadBackfillFiles } from './backfill-file';
import { selectModels } from '../rebuild/select';
import { compileOperation } from './compile-operation';
import { modelSql } from '../rebuild/model-sql';

/** The operation id written into compiled files: the real one is drawn when the operation runs. */
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** The header line of a compiled operation: what its placeholders stand for (src/operations/operation-params.ts). */
export const OPERATION_PLACEHOLDERS = '@operation_id and @action_at are bound when the operation runs (a new id; the next action time)';

/** Where compiled SQL goes: target/compiled/<target>/ in the project dir. */
export function compiledDir(ctx: RunContext): string {
  return path.join(ctx.project.dir, 'target', 'compiled', ctx.project.targetName);
}

/** Statements as a reviewable script: each ends with `;` and a blank line; bound parameters shown above it. */
export function formatScript(statements: readonly Statement[]): string {
  return statements
    .map((s) => {
      const params = Object.entries(s.params).map(([name, v]) => `-- @${name} = ${JSON.stringify(v)}\n`);
      return `${params.join('')}${s.sql};\n`;
    })
    .join('\n');
}

/**
 * Writes the SQL of every selected model (its full-refresh SELECT) and every migration. Deterministic: the same
 * project and options give byte-identical files; nothing depends on the clock unless --as-of is given.
 */
export function compileAll(ctx: RunContext, select: readonly string[] | undefined): string[] {
  const dir = compiledDir(ctx);
  const written: string[] = [];
  const write = (rel: string, text: string): void => {
    const file = path.join(dir, rel);
    writeFileSafely(file, text.endsWith('\n') ? text : `${text}\n`, ctx.project.dir);
    written.push(path.relative(ctx.project.dir, file));
  };
  for (const model of selectModels(ctx, select)) write(path.join('models', `${model.name}.sql`), `${modelSql(ctx, model, null)}\n`);
  for (const m of ctx.compiled.migrations) {
    write(path.join('migrations', `${m.id}.sql`), formatScript(toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx)));
  }
  // The pull request that adds a backfill file shows the SQL it will run (as-of sets the windows).
  for (const f of loadBackfillFiles(ctx)) {
    const plan = compileOperation(ctx, f.macro, f.args);
    const header = `-- backfill ${f.name}: ${f.macro} by ${f.author}\n-- ${f.description.replace(/\n/g, ' ')}\n-- ${OPERATION_PLACEHOLDERS}\n\n`;
    write(path.join('backfills', `${f.name}.sql`), header + formatScript(plan.compiled));
  }
  return written;
}

/** A compiled operation as a reviewable script, its placeholders named on top. */
export function operationScript(statements: readonly Statement[]): string {
  return `-- ${OPERATION_PLACEHOLDERS}\n\n${formatScript(statements)}`;
}

/** Writes an operation's compiled statements to target/compiled/<target>/operations/<macro>.sql. */
export function writeOperationSql(ctx: RunContext, macro: string, statements: readonly Statement[]): string {
  const file = path.join(compiledDir(ctx), 'operations', `${macro}.sql`);
  writeFileSafely(file, operationScript(statements), ctx.project.dir);
  return path.relative(ctx.project.dir, file);
}
