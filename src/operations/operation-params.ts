/**
 * An operation's own values, `{{op.id}}` and `{{op.ts}}`: named placeholders in the compiled text (`@operation_id`,
 * `@action_at`), so the same macro, arguments and as-of always compile to the same bytes, bound when the operation
 * runs. Where the dialect binds parameters they travel as query parameters (the text that runs is the compiled
 * text); elsewhere each placeholder in the code is replaced by the dialect's literal (the text that runs is the
 * compiled text with them bound). Each run still draws a fresh id and the next action time (SPEC §3's order).
 */
import { formatTimestamp, type Dialect } from '../compiler/dialect';
import { Sql, type Statement } from '../compiler/sql';
import { replaceInCode } from '../compiler/sql-text';

const PLACEHOLDER = /@(operation_id|action_at)\b/g;

/** The values an operation binds when it runs. */
export interface OperationValues {
  readonly operationId: string;
  readonly timestamp: Date;
}

/** What `{{op.id}}` and `{{op.ts}}` render as in a macro. */
export function opPlaceholders(d: Dialect): { readonly id: Sql; readonly ts: Sql } {
  // A bound timestamp travels as its text (the form every target reads), cast where it is used.
  return { id: new Sql('@operation_id'), ts: new Sql(d.bindsParameters ? `CAST(@action_at AS ${d.type('timestamp')})` : '@action_at') };
}

/** The compiled statements with the operation's id and timestamp bound. */
export function bindOperation(d: Dialect, compiled: readonly Statement[], v: OperationValues): Statement[] {
  const values: Record<string, unknown> = { operation_id: v.operationId, action_at: v.timestamp };
  return compiled.map((s) => {
    const used: Record<string, unknown> = {};
    const sql = replaceInCode(s.sql, d.backslashEscapes, PLACEHOLDER, (m) => {
      const name = m.slice(1);
      used[name] = name === 'action_at' ? `${formatTimestamp(v.timestamp)}+00` : values[name];
      return d.bindsParameters ? m : d.literal(values[name]);
    });
    return d.bindsParameters ? { sql: s.sql, params: { ...s.params, ...used } } : { sql, params: s.params };
  });
}
