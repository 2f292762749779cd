import type { LogicalType } from '../compiler/dialect';
import { Sql, type Statement } from '../compiler/sql';
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import type { Warehouse } from '../targets/warehouse';
import { ADD_COLUMN, ADD_EXCEPTION_SEQ, ADD_INSERTED_AT, TABLE_COLUMNS } from './sql';

/** How a missing column is added: plainly (NULL in the rows there), or with the default the framework relies on. */
type Added = 'plain' | 'inserted_at' | 'exception_seq';

interface EventColumn {
  readonly name: string;
  readonly type: LogicalType;
  readonly added: Added;
}

const col = (name: string, type: LogicalType, added: Added = 'plain'): EventColumn => ({ name, type, added });

/** SPEC §2's event columns: the original's, and the first of the exceptions'. */
const EVENT: readonly EventColumn[] = [
  col('event_id', 'string'),
  col('event_created_at', 'timestamp'),
  col('event_name', 'string'),
  col('user_id', 'string'),
  col('event_external_reference_id', 'string'),
  col('event_advisor_id', 'string'),
  col('event_data', 'json'),
  col('event_ingested_at', 'timestamp'),
];

/** Every column of the event tables once migrated (0001, 0007, 0009), in the order the migrations create them. */
export const EVENT_TABLE_COLUMNS = {
  original: EVENT,
  exceptions: [
    ...EVENT,
    col('exception_added_timestamp', 'timestamp'),
    col('exception_description', 'string'),
    col('is_event_update', 'bool'),
    col('operation_id', 'string'),
    col('inserted_at', 'timestamp', 'inserted_at'),
    col('exception_seq', 'int', 'exception_seq'),
  ],
  exclusions: [
    col('event_id', 'string'),
    col('event_created_at', 'timestamp'),
    col('event_name', 'string'),
    col('exclusion_added_timestamp', 'timestamp'),
    col('exclusion_description', 'string'),
    col('operation_id', 'string'),
    col('inserted_at', 'timestamp', 'inserted_at'),
  ],
} as const satisfies Record<string, readonly EventColumn[]>;

export type EventTable = keyof typeof EVENT_TABLE_COLUMNS;

/** What adopting one existing event table takes: the columns it lacks and the statements adding them. */
export interface TableAdoption {
  readonly table: string;
  readonly added: readonly string[];
  readonly statements: readonly Statement[];
}

/**
 * The existing event tables brought to the columns the framework reads (issue 18): a side table's missing columns
 * are appended by `ALTER TABLE … ADD COLUMN` (never a rewrite: rows and other columns stay as they are); a column
 * of an incompatible type, or an original table without one of SPEC §2's columns, is refused before anything is
 * written. Tables that do not exist are left to the migrations; tables that lack nothing are not listed.
 */
export async function adoptionPlan(wh: Warehouse, ctx: RunContext): Promise<readonly TableAdoption[]> {
  return (await surveyEventTables(wh, ctx)).adoptions;
}

/** The event tables as the warehouse has them: those to adopt (see adoptionPlan) and those that do not exist yet. */
export interface EventTablesSurvey {
  readonly adoptions: readonly TableAdoption[];
  readonly missing: ReadonlyArray<{ readonly kind: EventTable; readonly table: string }>;
}

/** One look at each event table (on BigQuery each look is a billed INFORMATION_SCHEMA query): see adoptionPlan. */
export async function surveyEventTables(wh: Warehouse, ctx: RunContext): Promise<EventTablesSurvey> {
  const plans: TableAdoption[] = [];
  const missing: Array<{ kind: EventTable; table: string }> = [];
  for (const kind of Object.keys(EVENT_TABLE_COLUMNS) as EventTable[]) {
    const table = ctx.project.config.tables[kind];
    const found = await tableColumns(wh, ctx, table);
    if (found === null) {
      missing.push({ kind, table });
      continue;
    }
    const lacking = EVENT_TABLE_COLUMNS[kind].filter((c) => {
      const type = found.get(c.name);
      if (type !== undefined && !ctx.compiled.env.dialect.fitsType(c.type, type)) throw incompatible(ctx, table, c, type);
      return type === undefined;
    });
    if (lacking.length === 0) continue;
    if (kind === 'original') throw new UsageError(`tables.original: ${table} has no column ${lacking.map((c) => c.name).join(', ')}; backfill never alters the original table: give it SPEC §2's columns (or point tables.original at a table that has them)`);
    plans.push({ table, added: lacking.map((c) => c.name), statements: lacking.flatMap((c) => addColumn(ctx, table, c)) });
  }
  return { adoptions: plans, missing };
}

function incompatible(ctx: RunContext, table: string, c: EventColumn, found: string): UsageError {
  const expected = ctx.compiled.env.dialect.type(c.type);
  return new UsageError(`${table}.${c.name} is ${found}, expected ${expected}; change the column's type (or point the table setting at another table) and run migrate again`);
}

function addColumn(ctx: RunContext, table: string, c: EventColumn): Statement[] {
  const d = ctx.compiled.env.dialect;
  const quoted = new Sql(d.quoteTable(table));
  if (c.added === 'inserted_at') return runnerStatements(ctx, ADD_INSERTED_AT, { table: quoted });
  if (c.added === 'exception_seq') {
    const seq = `${table}_seq`;
    return runnerStatements(ctx, ADD_EXCEPTION_SEQ, { seq: new Sql(d.quoteTable(seq)), seq_name: new Sql(d.stringLiteral(d.quoteTable(seq))) });
  }
  return runnerStatements(ctx, ADD_COLUMN, { table: quoted, column: new Sql(d.quoteIdent(c.name)), sql_type: new Sql(d.type(c.type)) });
}

/** A table's columns by name with their types as the target names them, or null when it does not exist. */
export async function tableColumns(wh: Warehouse, ctx: RunContext, table: string): Promise<Map<string, string> | null> {
  const d = ctx.compiled.env.dialect;
  const parts = table.split('.');
  const name = parts[parts.length - 1]!;
  const context = {
    name,
    schema: parts[parts.length - 2],
    ...(parts.length > 2 ? { catalog: parts[0] } : {}),
    dataset: new Sql(parts.slice(0, -1).map((p) => d.quoteIdent(p)).join('.')),
  };
  // One query (on BigQuery each is billed); only when it fails is the driver asked whether the table exists at all:
  // a missing dataset has no INFORMATION_SCHEMA to read (BigQuery's 404), which the driver's columns() knows.
  const rows = await wh.run(runnerStatement(ctx, TABLE_COLUMNS, context)).then(
    (res) => res.rows,
    async (err: unknown) => {
      if ((await wh.columns(table)) === null) return [];
      throw err;
    },
  );
  if (rows.length === 0) return null;
  return new Map(rows.map((r) => [String(r['column_name']), String(r['data_type'])]));
}
