import { STATEMENT_KINDS, type ClientSource } from '../../zetasql/analyzer';
import { zetasqlModule, type ZetasqlClient } from '../../zetasql/package';
import type { TypeProto } from '../../zetasql/types';
import { ROW_KEY, type TableColumn } from './store';
import { normalType, type Value } from './values';

/** A failure as BigQuery reports it: HTTP status, errors[].reason, message. */
export class BigqueryError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

/** A root table for one evaluation: its columns, its rows, and whether its row key is declared the primary key. */
export interface EvalTable {
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly rows: ReadonlyArray<{ key: number; cells: readonly Value[] }>;
}

export interface QueryOutput {
  readonly columns: Array<{ name: string; type: TypeProto }>;
  readonly rows: Value[][];
}

export interface ModifyOutput {
  readonly tableName: string;
  readonly rows: Array<{ operation: number; cells: Value[]; oldKey: number | null }>;
}

type Api = Record<string, (req: object, cb: (err: unknown, res: unknown) => void) => unknown>;

/**
 * ZetaSQL's reference evaluator (EvaluateQuery, EvaluateModify) over tables passed with each request, all at the
 * catalog's root (the only place it reads contents from). A row key rides along as a pseudo column; it is declared
 * the primary key for UPDATE and DELETE (so the changed rows come back by key) and not for INSERT (which crashes
 * this build's service when the table has one).
 */
export class Evaluator {
  private options: { gen: number; value: object } | null = null;

  constructor(private readonly service: ClientSource) {}

  async query(sql: string, tables: readonly EvalTable[], params: Parameters): Promise<QueryOutput> {
    const res = (await this.call('evaluateQuery', sql, tables, params, false)) as {
      content?: { tableData?: { row?: Array<{ cell?: Value[] }> } };
      prepared?: { columns?: Array<{ name: string; type: TypeProto }> };
    };
    const columns = (res.prepared?.columns ?? []).map((c) => ({ name: c.name, type: normalType(c.type) }));
    return { columns, rows: (res.content?.tableData?.row ?? []).map((r) => r.cell ?? []) };
  }

  async modify(sql: string, tables: readonly EvalTable[], params: Parameters, keyed: boolean): Promise<ModifyOutput> {
    const res = (await this.call('evaluateModify', sql, tables, params, keyed)) as {
      tableName?: string;
      content?: Array<{ operation?: number | string; cell?: Value[]; oldPrimaryKey?: Value[] }>;
    };
    const op = (o: number | string | undefined): number => (typeof o === 'number' ? o : ['UNKNOWN', 'INSERT', 'DELETE', 'UPDATE'].indexOf(String(o)));
    return {
      tableName: res.tableName ?? '',
      rows: (res.content ?? []).map((r) => ({
        operation: op(r.operation),
        cells: r.cell ?? [],
        oldKey: r.oldPrimaryKey?.[0] ? Number(String(r.oldPrimaryKey[0]['int64Value'])) : null,
      })),
    };
  }

  private async call(method: string, sql: string, tables: readonly EvalTable[], params: Parameters, keyed: boolean): Promise<unknown> {
    const client = await this.service.client();
    const languageOptions = await this.languageOptions(client);
    const simpleCatalog = {
      name: 'root',
      table: tables.map((t) => ({
        name: t.name,
        column: [...t.columns.map((c) => ({ name: c.name, type: c.type })), { name: ROW_KEY, type: { typeKind: 'TYPE_INT64' }, isPseudoColumn: true }],
        ...(keyed ? { primaryKeyColumnIndex: [t.columns.length] } : {}),
      })),
      builtinFunctionOptions: { languageOptions },
    };
    const tableContent = Object.fromEntries(tables.map((t) => [t.name, { tableData: { row: t.rows.map((r) => ({ cell: [...padded(r.cells, t.columns.length), { int64Value: String(r.key) }] })) } }]));
    const request = {
      sql, simpleCatalog, tableContent, params: params.values,
      options: { languageOptions, errorMessageMode: 'ERROR_MESSAGE_ONE_LINE', defaultTimezone: 'UTC', queryParameters: params.types },
    };
    const api = (zetasqlModule().ZetaSQLClient as unknown as { API: Api }).API;
    try {
      return await (client as unknown as { promisify(r: object, fn: unknown): Promise<unknown> }).promisify(request, api[method]!.bind(api));
    } catch (err) {
      const e = err as { code?: number; details?: string };
      if (e.code === 3) throw new BigqueryError(400, 'invalidQuery', e.details ?? String(err));
      throw serviceDied(err) ?? new BigqueryError(400, 'invalidQuery', `ZetaSQL evaluator: ${e.details ?? String(err)}`);
    }
  }

  private async languageOptions(client: ZetasqlClient): Promise<object> {
    if (!this.options || this.options.gen !== this.service.generation) {
      const max = await client.getLanguageOptions({ maximumFeatures: true });
      this.options = { gen: this.service.generation, value: { ...max, supportedStatementKinds: STATEMENT_KINDS, productMode: 'PRODUCT_EXTERNAL' } };
    }
    return this.options.value;
  }
}

/**
 * The error a job fails with when the ZetaSQL service stopped answering (it died, or was killed): BigQuery's
 * backendError (503, a temporary server failure to retry), naming the service; null for any other error.
 */
export function serviceDied(err: unknown): BigqueryError | null {
  const e = err as { code?: number; details?: string };
  if (e.code !== 14 && !/connection dropped/i.test(e.details ?? '')) return null;
  return new BigqueryError(503, 'backendError', 'BigQuery emulator: the ZetaSQL service stopped answering while running this statement (it is restarted for the next job); ' +
    `nothing of the statement was applied and an open transaction was rolled back: ${e.details ?? String(err)}`);
}

/** Query parameters: their types (for analysis) and values (for evaluation). */
export interface Parameters {
  readonly types: Array<{ name: string; type: TypeProto }>;
  readonly values: Array<{ name: string; value: Value }>;
}

function padded(cells: readonly Value[], n: number): Value[] {
  const out = [...cells];
  while (out.length < n) out.push({});
  return out;
}
