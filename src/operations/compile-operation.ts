/** The pure half of an operation: a macro and its arguments compiled to the exact statements it will run. */
import crypto from 'node:crypto';
import { validateArgs } from '../compiler/macro-args';
import { unknownMessage } from '../suggest';
import type { DayRange } from '../compiler/days';
import type { CopyLookups } from '../compiler/render-state';
import type { Statement } from '../compiler/sql';
import { renderState, toStatements, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { formatSql } from '../compiler/sql-format';
import { bindOperation, opPlaceholders } from './operation-params';

/** An operation compiled to the exact statements it will run. */
export interface OperationPlan {
  readonly operationId: string;
  readonly macro: string;
  readonly args: Record<string, unknown>;
  readonly timestamp: Date;
  /** What `compile` writes and reviewers read: the id and the action time as placeholders (operation-params.ts). */
  readonly compiled: readonly Statement[];
  /** What runs: the compiled statements with this operation's id and timestamp bound. */
  readonly statements: readonly Statement[];
  /** The effective sets limited to days that searched every other day for copies (see CopyLookups). */
  readonly copyAsks: CopyLookups['asked'];
}

/** Validates the arguments and renders the macro: no warehouse needed. Bad input throws UsageError. */
export function compileOperation(
  ctx: RunContext,
  macroName: string,
  rawArgs: unknown,
  ids: { operationId?: string; timestamp?: Date; batch?: readonly DayRange[]; copies?: CopyLookups['found'] } = {},
): OperationPlan {
  const macro = ctx.compiled.macros.get(macroName);
  if (!macro) {
    throw new UsageError(unknownMessage('macro', macroName, [...ctx.compiled.macros.keys()].sort(), 'available'));
  }
  const args = validateArgs(macroName, macro.header, rawArgs, ctx.compiled.stageModels);
  const operationId = ids.operationId ?? crypto.randomUUID();
  const timestamp = ids.timestamp ?? new Date();
  const copies: CopyLookups = { asked: [], found: ids.copies ?? new Map() };
  const state = { ...renderState(ctx), copies, ...(ids.batch ? { batch: ids.batch } : {}) };
  const { dialect } = ctx.compiled.env;
  const text = macro.render({ args, op: opPlaceholders(dialect), vars: ctx.project.vars }, state);
  // The built-in macros are formatted; a project's own macro stays as its author laid it out.
  const compiled = toStatements(text, ctx).map((s) => (macro.builtIn ? { sql: formatSql(s.sql, dialect), params: s.params } : s));
  return { operationId, macro: macroName, args, timestamp, compiled, statements: bindOperation(dialect, compiled, { operationId, timestamp }), copyAsks: copies.asked };
}

/** Validated arguments (nulls for absent keys, event_name resolved) back into what the user gave. */
export function userArgs(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const resolved = 'stage_table_name' in args && args['stage_table_name'] !== null;
  return Object.fromEntries(Object.entries(args).filter(([k, v]) => v !== null && !(k === 'event_name' && resolved)));
}
