import YAML from 'yaml';
import { z } from 'zod';
import { identifier, JSON_PATH } from '../config/identifiers';
import { parseYaml } from '../config/load';
import { argsMessage } from './args-message';
import { UsageError } from '../errors';
import { EVENT_COLUMNS, isEventColumn } from './days';
import { decimalKey } from './strict-json';
import { NOT_A_TIMESTAMP, readTimestamp } from './timestamps';

export const ARG_TYPES = [
  'string',
  'integer',
  'boolean',
  'string_list',
  'event_id',
  'event_ids',
  'event_name',
  'stage_table',
  'column_or_path',
  'set_map',
  'where_map',
  'timestamp',
] as const;

const argSpec = z.strictObject({
  type: z.enum(ARG_TYPES),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string().optional(),
});

/** The front matter of a macro file: what it does and the arguments it takes. */
export const macroHeader = z.strictObject({
  description: z.string().default(''),
  args: z.record(identifier, argSpec).default({}),
  exactly_one_of: z.array(z.array(identifier).min(2)).default([]),
  /** The macro filters what it writes with {{batch_filter …}}, so it can run in day batches (vars.batch_days). */
  batchable: z.boolean().default(false),
  /**
   * Arguments (of type event_id/event_ids) naming events the macro must find: the runner says which ids match no
   * event of the macro's event name, and refuses the operation when none does.
   */
  reports_unmatched: z.array(identifier).default([]),
  /**
   * Every row the macro writes is copied from the effective events (`{{effective_events …}}`), event_created_at and
   * event_name included: no event moves to another day. Recorded in the ledger; a targeted run then finds the
   * events' days in the rows themselves instead of looking them up in the stage table. Honoured for the built-in
   * macros only (a copy in a project's macros/ keeps it harmlessly): a wrong promise would leave an event behind.
   */
  keeps_event_days: z.boolean().default(false),
}).superRefine((h, ctx) => {
  for (const [i, name] of h.reports_unmatched.entries()) {
    const type = h.args[name]?.type;
    if (type !== 'event_id' && type !== 'event_ids') {
      ctx.addIssue({ code: 'custom', path: ['reports_unmatched', i], message: `'${name}' must be an argument of type event_id or event_ids` });
    }
  }
});

export type MacroHeader = z.infer<typeof macroHeader>;
type ArgSpec = z.infer<typeof argSpec>;

/** Model name → event name, to resolve `stage_table` arguments. */
export type StageModels = ReadonlyMap<string, string>;

const scalar = z.union([z.string().max(10_000), z.number().finite(), z.boolean()], { error: 'must be a string, number or boolean' });
/** Event ids are plain tokens (UUIDs in practice): a quote, semicolon or control character is a mistake or an attack. */
const eventId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^'"`\\;\u0000-\u001f]+$/, 'must be a plain token like a UUID (no quotes, backslashes, semicolons or control characters)');
const jsonPathKey = z.string().regex(JSON_PATH, 'keys must be JSON paths like $.Status or $.card.status (dotted keys)');
const columnOrPath = z
  .string()
  .refine((k) => JSON_PATH.test(k) || isEventColumn(k), `must be an event column (${EVENT_COLUMNS.join(', ')}) or a JSON path like $.Status`);

function fieldSchema(spec: ArgSpec, models: StageModels): z.ZodType {
  switch (spec.type) {
    case 'string':
      return z.string().min(1, 'must not be empty').max(spec.max ?? 10_000);
    case 'integer': {
      let s = z.number().int('must be a whole number');
      if (spec.min !== undefined) s = s.min(spec.min);
      if (spec.max !== undefined) s = s.max(spec.max);
      return s;
    }
    case 'boolean':
      return z.boolean();
    case 'string_list':
      return z.array(z.string().min(1).max(10_000)).min(1, 'must hold at least one value').max(100_000);
    case 'event_id':
      return eventId;
    case 'event_ids':
      return z.array(eventId).min(1, 'must hold at least one id').max(100_000).transform((ids) => [...new Set(ids)]);
    case 'event_name':
      return z.string().min(1).max(256).regex(/^[A-Za-z0-9_.:-]+$/, 'must be an event name like CardWasShipped');
    case 'stage_table':
      return z.string().refine((m) => models.has(m), {
        message: `no such stage model; models: ${[...models.keys()].join(', ') || '(none in models/)'}`,
      });
    case 'column_or_path':
      return columnOrPath;
    case 'set_map':
      return z
        .record(jsonPathKey, scalar)
        .refine((m) => Object.keys(m).length > 0, 'must set at least one JSON path')
        .superRefine((m, ctx) => {
          for (const [k, v] of Object.entries(m)) if (typeof v === 'string' && v.includes('\u0000')) ctx.addIssue({ code: 'custom', path: [k], message: NO_NUL });
        });
    case 'timestamp':
      return z.string().superRefine((v, ctx) => {
        const t = readTimestamp(v, { dateOnly: true });
        if (typeof t === 'string') ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} ${t === NOT_A_TIMESTAMP ? 'is not a date or timestamp' : t}; use an ISO date or timestamp like 2026-11-23 or 2026-11-23T10:00:00Z` });
      });
    case 'where_map':
      return z
        .record(columnOrPath, z.union([scalar, z.null(), z.array(scalar).min(1)], { error: 'must be a string, number, boolean, null or a non-empty list of those' }))
        .refine((m) => Object.keys(m).length > 0, 'must hold at least one condition')
        .superRefine((m, ctx) => {
          for (const [k, v] of Object.entries(m)) {
            const problem = whereProblem(k, v);
            if (problem) ctx.addIssue({ code: 'custom', path: [k], message: problem });
          }
        });
  }
}

const NO_NUL = 'must not hold a NUL character (U+0000): PostgreSQL cannot store one, so no target is given one';

/** What is wrong with one `where` condition that the SQL would only find out on some target, or null. */
function whereProblem(key: string, value: unknown): string | null {
  const values = Array.isArray(value) ? value : [value];
  if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return NO_NUL;
  if (key === 'event_data' && value !== null) {
    return 'event_data is JSON and is not compared with a value; match a JSON path inside it instead, e.g. {$.Status: Pending} (or null: events without event_data)';
  }
  if ((key === 'event_created_at' || key === 'event_ingested_at') && value !== null) {
    for (const v of values) {
      const t = typeof v === 'string' ? readTimestamp(v, { dateOnly: true }) : NOT_A_TIMESTAMP;
      if (typeof t === 'string') return `${JSON.stringify(v)} ${t === NOT_A_TIMESTAMP ? 'is not a date or timestamp' : t}; use an ISO date or timestamp like 2026-11-23 or 2026-11-23T10:00:00Z`;
    }
  }
  return null;
}

/**
 * Reads `--args` (YAML or JSON). A number YAML would change on the way in (12345678901234567891 becomes
 * 12345678901234567000 as a JavaScript number) is refused, naming its key: quoted, it is kept as text.
 */
export function parseMacroArgs(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  const raw = parseYaml(text, '--args');
  YAML.visit(YAML.parseDocument(text, { uniqueKeys: true, logLevel: 'silent' }), {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'number' || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]).trim().replace(/^([+-]?)\./, '$10.').replace(/\.($|[eE])/, '.0$1');
      const exact = /^[+-]?\d/.test(source) ? decimalKey(source) === decimalKey(String(node.value)) : Number.isSafeInteger(node.value) || !Number.isFinite(node.value);
      if (exact) return;
      const keys = path.filter((p): p is YAML.Pair => YAML.isPair(p)).map((p) => String(YAML.isScalar(p.key) ? p.key.value : p.key));
      throw new UsageError(`${['--args', ...keys].join('.')}: the number ${source.length > 40 ? `${source.slice(0, 40)}…` : source} cannot be kept exactly (at most 15 significant digits); quote it to store it as text`);
    },
  });
  return raw;
}

/** A zod schema for a macro's arguments: unknown keys are an error, defaults filled, groups checked. */
export function argsSchema(header: MacroHeader, models: StageModels): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(header.args)) {
    const field = fieldSchema(spec, models);
    shape[name] = spec.default !== undefined ? field.default(spec.default as never) : spec.required ? field : field.optional();
  }
  return z.strictObject(shape).superRefine((args, ctx) => {
    for (const group of header.exactly_one_of) {
      const given = group.filter((k) => (args as Record<string, unknown>)[k] !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: [group[0]!],
          message: given.length === 0 ? `one of ${group.join(' or ')} is required` : `give only one of ${group.join(' or ')}`,
        });
      }
    }
  }) as unknown as z.ZodType<Record<string, unknown>>;
}

/**
 * Validates raw `--args` for a macro and returns them with every declared key present (null when absent), plus
 * `event_name` resolved from `stage_table_name`.
 */
export function validateArgs(macro: string, header: MacroHeader, raw: unknown, models: StageModels): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`--args: must be a YAML or JSON mapping of argument → value for macro '${macro}', e.g. '{stage_table_name: card_shipped}'`);
  }
  const parsed = argsSchema(header, models).safeParse(raw);
  if (!parsed.success) throw new UsageError(argsMessage(macro, header, parsed.error, raw as Record<string, unknown>));
  const args: Record<string, unknown> = {};
  for (const name of Object.keys(header.args)) args[name] = parsed.data[name] ?? null;
  for (const [name, spec] of Object.entries(header.args)) {
    const value = args[name];
    if (spec.type === 'stage_table' && typeof value === 'string') args['event_name'] = models.get(value);
  }
  if (!('event_name' in args)) args['event_name'] = null;
  return args;
}
