import { TimestampText } from '../compiler/dialect';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import type { Row, Warehouse } from '../targets/warehouse';
import { OPERATIONS_LIST, OPERATION_GET, OPERATION_IDS_BY_PREFIX } from './sql';

export interface OperationFilter {
  readonly status?: string;
  readonly macro?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly limit: number;
}

/** Ledger rows, newest first. */
export async function listOperations(wh: Warehouse, ctx: RunContext, f: OperationFilter): Promise<Row[]> {
  const res = await wh.run(
    runnerStatement(ctx, OPERATIONS_LIST, { status: f.status ?? null, macro: f.macro ?? null, since: f.since ?? null, until: f.until ?? null, limit: f.limit }),
  );
  return res.rows.map(withJson);
}

/** One ledger row, or a usage error naming the unknown id. */
export async function getOperation(wh: Warehouse, ctx: RunContext, operationId: string): Promise<Row> {
  const row = (await wh.run(runnerStatement(ctx, OPERATION_GET, { operation_id: operationId }))).rows[0];
  if (!row) throw new UsageError(`operation '${operationId}' is not in the ledger; list operations with 'backfill operations'`);
  return withJson(row);
}

const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The full operation id a command line names: a whole id as given, or a prefix (4 characters at least, hex digits
 * and dashes) matching exactly one ledger entry. No match or several: a usage error (the candidates listed); anything
 * else is looked up as it is.
 */
export async function resolveOperationId(wh: Warehouse, ctx: RunContext, given: string): Promise<string> {
  // A whole id, or no prefix of one (then the exact lookup says it is not in the ledger).
  if (FULL_ID.test(given) || !/^[0-9a-f-]{4,}$/i.test(given)) return given;
  const rows = (await wh.run(runnerStatement(ctx, OPERATION_IDS_BY_PREFIX, { pattern: `${given.toLowerCase()}%` }))).rows;
  const ids = rows.map((r) => String(r['operation_id']));
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new UsageError(`operation '${given}' is not in the ledger; list operations with 'backfill operations'`);
  throw new UsageError(`operation id '${given}' is ambiguous: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}; give more characters`);
}

/** The warehouse's timestamp text of a ledger row, for comparing with other warehouse timestamps. */
export function ledgerTime(row: Row, column: string): TimestampText {
  return new TimestampText(row[column]);
}

/** JSON columns come back as text on some targets: parse them. */
function withJson(row: Row): Row {
  const out: Record<string, unknown> = { ...row };
  for (const k of ['args', 'rows_written']) {
    const v = out[k];
    if (typeof v === 'string') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        // leave as text
      }
    }
  }
  return out;
}
