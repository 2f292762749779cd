import type { ModelDef } from '../compiler/project';
import type { DayRange } from '../compiler/days';
import type { TouchedEvents } from '../compiler/render-state';
import { renderState, type RunContext } from '../compiler/statements';
import { splitStatements } from '../compiler/sql-text';
import { UsageError } from '../errors';

/** A model's SELECT over the given days (all days when null), as one statement without its `;`. */
export function modelSql(ctx: RunContext, model: ModelDef, ranges: readonly DayRange[] | null, opts: { floor?: boolean; probe?: boolean; touched?: TouchedEvents | null; copyRanges?: readonly DayRange[] | null } = {}): string {
  const text = model.render({ vars: ctx.project.vars }, renderState(ctx, { eventName: model.config.event_name, ranges, ...opts }));
  const statements = splitStatements(text, ctx.compiled.env.dialect.backslashEscapes);
  if (statements.length !== 1) throw new UsageError(`${model.file}: a model holds exactly one SELECT statement (found ${statements.length})`);
  return statements[0]!;
}
