import type { LoadedProject } from '../config/load';
import { UsageError } from '../errors';
import type { CompiledProject } from './project';
import type { Statement } from './sql';
import type { SqlContext, SqlTemplate } from './sql-template';
import { splitStatements } from './sql-text';
import type { RenderState } from './render-state';

/** A compiled project with what every render needs: the logical now and the vars. */
export interface RunContext {
  readonly project: LoadedProject;
  readonly compiled: CompiledProject;
  readonly asOf: Date;
}

/** What helpers read while a statement of this run renders (for a stage model, with its model). */
export function renderState(ctx: RunContext, model?: RenderState['model']): RenderState {
  return { asOf: ctx.asOf, vars: ctx.project.vars, ...(model ? { model } : {}) };
}

/** Renders one of the package's SQL files (the target's version, else the default one) into its statements. */
export function runnerStatements<K extends string, O extends string>(
  ctx: RunContext,
  template: SqlTemplate<K, O>,
  context: NoInfer<SqlContext<K, O>>,
  model?: RenderState['model'],
): Statement[] {
  const text = ctx.compiled.env.dispatch(template.name, context, renderState(ctx, model)).text;
  return toStatements(text, ctx);
}

/** Renders one of the package's SQL files that must hold exactly one statement. */
export function runnerStatement<K extends string, O extends string>(ctx: RunContext, template: SqlTemplate<K, O>, context: NoInfer<SqlContext<K, O>>): Statement {
  const [first, ...rest] = runnerStatements(ctx, template, context);
  if (!first || rest.length > 0) throw new UsageError(`template ${template.name} must hold exactly one statement`);
  return first;
}

/** A rendered text as statements, each with the parameters it uses. */
export function toStatements(text: string, ctx: RunContext): Statement[] {
  const { binder, dialect } = ctx.compiled.env;
  return splitStatements(text, dialect.backslashEscapes).map((sql) => ({ sql, params: binder.paramsOf(sql, dialect.backslashEscapes) }));
}
