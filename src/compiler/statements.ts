import type { LoadedProject } from '../config/load';
import { UsageError } from '../errors';
import type { CompiledProject } from './project';
import type { Statement } from './sql';
import { splitStatements } from './sql-text';
import type { RenderState } from './render-state';
import { NOT_A_TIMESTAMP, readTimestamp } from './timestamps';

/** A compiled project with what every render needs: the logical now and the vars. */
export interface RunContext {
  readonly project: LoadedProject;
  readonly compiled: CompiledProject;
  readonly asOf: Date;
}

export function renderState(ctx: RunContext, model?: RenderState['model']): RenderState {
  return { asOf: ctx.asOf, vars: ctx.project.vars, ...(model ? { model } : {}) };
}

/** Renders a runner template (templates/<dialect>/<name>.sql, else default) into its statements. */
export function runnerStatements(ctx: RunContext, name: string, context: object, model?: RenderState['model']): Statement[] {
  const text = ctx.compiled.env.dispatch(name, context, renderState(ctx, model)).text;
  return toStatements(text, ctx);
}

/** Renders a runner template that must hold exactly one statement. */
export function runnerStatement(ctx: RunContext, name: string, context: object): Statement {
  const [first, ...rest] = runnerStatements(ctx, name, context);
  if (!first || rest.length > 0) throw new UsageError(`template ${name} must hold exactly one statement`);
  return first;
}

export function toStatements(text: string, ctx: RunContext): Statement[] {
  const { binder, dialect } = ctx.compiled.env;
  return splitStatements(text, dialect.backslashEscapes).map((sql) => ({ sql, params: binder.paramsOf(sql, dialect.backslashEscapes) }));
}

/** The as-of option: an ISO date or timestamp (UTC when no zone is given); default now. */
export function parseAsOf(value: string | undefined, now: () => Date = () => new Date(), option = '--as-of'): Date {
  if (value === undefined) return now();
  const t = readTimestamp(value, { dateOnly: true });
  if (typeof t === 'string') {
    const why = t === NOT_A_TIMESTAMP ? '' : ` (it ${t})`;
    throw new UsageError(`${option}: '${value}' is not a date${why}; use an ISO date or timestamp like 2026-11-23 or 2026-11-23T10:00:00Z`);
  }
  return t.date;
}

/** A warehouse timestamp string (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) as a Date (millisecond precision). */
export function parseWarehouseTimestamp(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(' ', 'T');
  return new Date(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(text) ? text : `${text}Z`);
}
