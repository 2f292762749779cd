import { splitStatements } from '../../compiler/sql-text';
import { Analyzer, type ClientSource } from '../../zetasql/analyzer';
import type { Catalog } from '../../zetasql/catalog';
import { findField, statementKind } from '../../zetasql/learn';
import type { TypeProto } from '../../zetasql/types';
import { statementBytes, type StatementBytes } from './bytes';
import { applyDdl, type Session } from './ddl';
import { BigqueryError, Evaluator, serviceDied, type EvalTable, type Parameters } from './evaluator';
import { rewriteTables } from './names';
import { Store, type Table, type TableRef } from './store';
import { isNull, kindOf, type Value } from './values';

/** What a job ends with: the last query's rows (with their schema), DML counts, the statement type, its bytes. */
export interface JobResult {
  columns: Array<{ name: string; type: TypeProto }> | null;
  rows: Value[][] | null;
  dml: number | null;
  statementType: string;
  /** On-demand billing's bytes (bytes.ts), summed over a script's statements, each counted before it runs. */
  bytesProcessed: number;
  bytesBilled: number;
}

type Node = Record<string, unknown>;

export type StatementObserver = (sql: string, bytes: StatementBytes) => void;

const TYPES: Readonly<Record<string, string>> = {
  resolvedQueryStmtNode: 'SELECT', resolvedInsertStmtNode: 'INSERT', resolvedUpdateStmtNode: 'UPDATE', resolvedDeleteStmtNode: 'DELETE',
  resolvedMergeStmtNode: 'MERGE', resolvedTruncateStmtNode: 'TRUNCATE_TABLE', resolvedCreateTableStmtNode: 'CREATE_TABLE',
  resolvedCreateTableAsSelectStmtNode: 'CREATE_TABLE_AS_SELECT', resolvedCreateSchemaStmtNode: 'CREATE_SCHEMA', resolvedDropStmtNode: 'DROP_TABLE',
  resolvedAlterTableStmtNode: 'ALTER_TABLE', resolvedBeginStmtNode: 'BEGIN_TRANSACTION', resolvedCommitStmtNode: 'COMMIT_TRANSACTION',
  resolvedRollbackStmtNode: 'ROLLBACK_TRANSACTION', resolvedCallStmtNode: 'CALL',
};

/** The one MERGE shape the framework sends (src/rebuild/sql/replace_days.bigquery.sql): a delete and an insert. */
const MERGE = /^MERGE\s+(?:INTO\s+)?(\S+)\s+(?:AS\s+)?(\w+)\s+USING\s+(\S+)\s+(?:AS\s+)?(\w+)\s+ON\s+FALSE\s+WHEN\s+NOT\s+MATCHED\s+BY\s+SOURCE(?:\s+AND\s+([\s\S]*?))?\s+THEN\s+DELETE\s+WHEN\s+NOT\s+MATCHED(?:\s+BY\s+TARGET)?\s+THEN\s+INSERT\s+ROW\s*$/i;

/** `INSERT [INTO] table [(columns)]`: what comes after it is the query or VALUES. */
const INSERT_HEAD = /^\s*INSERT\s+(?:INTO\s+)?((?:`[^`]*`|[\w-]+)(?:\.(?:`[^`]*`|[\w-]+))*)\s*(?:\([^()]*\))?\s*/i;

/** A value in its column's type where an INSERT's implicit coercion changes its representation (INT64 to FLOAT64). */
function coerce(v: Value, type: TypeProto): Value {
  if (kindOf(type) === 'DOUBLE' && v['int64Value'] !== undefined && v['int64Value'] !== null) return { doubleValue: Number(String(v['int64Value'])) };
  return v;
}

/**
 * Runs jobs: each statement of a script analyzed by ZetaSQL against the emulator's tables, then applied — DDL by
 * the emulator (ddl.ts), queries and DML by ZetaSQL's reference evaluator over the tables' contents.
 */
export class Engine {
  private readonly analyzer: Analyzer;
  private readonly evaluator: Evaluator;
  private catalogFor: { version: number; session: Session; catalog: Catalog } | null = null;

  /** `observe`: told each statement a job runs (not dry runs) with its bytes, before it runs (the bench sums them). */
  constructor(service: ClientSource, readonly store: Store, private readonly observe?: StatementObserver) {
    this.analyzer = new Analyzer(service, { pruneUnusedColumns: true });
    this.evaluator = new Evaluator(service);
  }

  /** Runs a script in a session (or a throwaway one); a script that fails rolls back its own open transaction. */
  async run(sql: string, params: Parameters, session: Session, dryRun: boolean): Promise<JobResult> {
    const statements = splitStatements(sql, true);
    const result: JobResult = { columns: null, rows: null, dml: null, statementType: statements.length > 1 ? 'SCRIPT' : 'SELECT', bytesProcessed: 0, bytesBilled: 0 };
    let offset = 0;
    try {
      for (const text of statements) {
        const at = sql.indexOf(text, offset);
        offset = at < 0 ? offset : at + text.length;
        const line = at < 0 ? 0 : sql.slice(0, at).split('\n').length - 1;
        const resolved = await this.analyze(text, params, session, line);
        const kind = statementKind(resolved);
        if (statements.length === 1) result.statementType = TYPES[kind] ?? 'SCRIPT';
        const bytes = statementBytes(kind, resolved, (name) => this.scanned(name, session));
        result.bytesProcessed += bytes.processed;
        result.bytesBilled += bytes.billed;
        if (dryRun) continue;
        this.observe?.(text, bytes);
        await this.execute(text, kind, resolved, params, session, result);
      }
      if (session.ephemeral && session.tx) throw new BigqueryError(400, 'invalidQuery', 'Transaction started in this script was never committed or rolled back');
    } catch (err) {
      if (process.env['BACKFILL_EMULATOR_DEBUG']) process.stderr.write(`emulator: failed: ${String((err as Error).message)}\n${sql}\n`);
      // BigQuery: an error in a transaction without an exception handler fails the query and rolls the transaction
      // back, a session's too (https://cloud.google.com/bigquery/docs/transactions). A dry run changes nothing.
      if (session.tx && !dryRun) this.rollback(session);
      throw serviceDied(err) ?? err;
    }
    return result;
  }

  rollback(session: Session): void {
    if (session.tx) this.store.restore(session.tx);
    session.tx = null;
  }

  private async analyze(text: string, params: Parameters, session: Session, line: number): Promise<Node> {
    for (const m of text.matchAll(/(?:`([^`.]+)`|\b([\w-]+))\.INFORMATION_SCHEMA\b/gi)) {
      const dataset = m[1] ?? m[2]!;
      if (!/^region-/i.test(dataset) && !this.store.dataset(dataset)) {
        throw new BigqueryError(404, 'notFound', `Not found: Dataset ${this.store.project}:${dataset} was not found in location ${this.store.location}`);
      }
    }
    if (!this.catalogFor || this.catalogFor.version !== this.store.version || this.catalogFor.session !== session) {
      this.catalogFor = { version: this.store.version, session, catalog: this.store.catalog(session.temps) };
    }
    const [analyzed] = await this.analyzer.analyzeScript(text, {}, this.catalogFor.catalog, { types: params.types });
    if (!analyzed) throw new BigqueryError(400, 'invalidQuery', 'Syntax error: empty statement');
    if (analyzed.error) {
      // A missing table is BigQuery's 404 notFound, not an analyzer message.
      const missing = /^Table not found: (\S+)$/.exec(analyzed.error.message);
      if (missing && missing[1]!.includes('.')) throw new BigqueryError(404, 'notFound', `Not found: Table ${this.store.project}:${missing[1]} was not found in location ${this.store.location}`);
      throw new BigqueryError(400, 'invalidQuery', `${analyzed.error.message} at [${analyzed.error.line + line}:${analyzed.error.column}]`);
    }
    return analyzed.resolved ?? {};
  }

  private async execute(text: string, kind: string, resolved: Node, params: Parameters, session: Session, result: JobResult): Promise<void> {
    const count = (n: number): void => {
      result.dml = (result.dml ?? 0) + n;
    };
    switch (kind) {
      case 'resolvedQueryStmtNode': {
        const out = await this.evaluator.query(...this.prepare(text, session), params);
        result.columns = out.columns;
        result.rows = out.rows;
        return;
      }
      case 'resolvedInsertStmtNode': case 'resolvedUpdateStmtNode': case 'resolvedDeleteStmtNode':
        return count(await this.modify(text, kind, resolved, params, session));
      case 'resolvedMergeStmtNode': return count(await this.merge(text, params, session));
      case 'resolvedCreateTableAsSelectStmtNode': {
        const query = /\bAS\s*(?=\(?\s*(?:WITH|SELECT)\b)/i.exec(text);
        if (!query) throw new BigqueryError(400, 'invalidQuery', 'the emulator could not find the query of this CREATE TABLE … AS');
        const out = await this.evaluator.query(...this.prepare(text.slice(query.index + query[0].length), session), params);
        return applyDdl(this.store, session, kind, resolved, out.rows);
      }
      case 'resolvedBeginStmtNode':
        if (session.tx) throw new BigqueryError(400, 'invalidQuery', 'Transaction is already in progress');
        session.tx = this.store.snapshot();
        return;
      case 'resolvedCommitStmtNode':
        if (!session.tx) throw new BigqueryError(400, 'invalidQuery', 'No transaction is in progress');
        session.tx = null;
        return;
      case 'resolvedRollbackStmtNode':
        if (!session.tx) throw new BigqueryError(400, 'invalidQuery', 'No transaction is in progress');
        return this.rollback(session);
      case 'resolvedCallStmtNode':
        this.rollback(session);
        session.aborted = true;
        return;
      default:
        return applyDdl(this.store, session, kind, resolved, null);
    }
  }

  /** The statement with its table paths rewritten to root names, and those tables (and the session's temp tables). */
  private prepare(text: string, session: Session): [string, EvalTable[]] {
    const refs = new Map<string, TableRef | { info: string }>();
    const rewritten = rewriteTables(text, (parts) => {
      for (let n = Math.min(4, parts.length); n >= 2; n--) {
        let p = parts.slice(0, n);
        if (n >= 3 && p[0]!.toLowerCase() === this.store.project.toLowerCase()) p = p.slice(1);
        if (p.length === 2) {
          const ds = this.store.dataset(p[0]!);
          const t = ds?.tables.get(p[1]!.toLowerCase());
          if (ds && t) {
            const name = `${ds.name}.${t.name}`;
            refs.set(name, { dataset: ds.name, table: t.name });
            return { name, parts: p, consumed: n };
          }
        }
        if (p.length === 3 && p[1]!.toUpperCase() === 'INFORMATION_SCHEMA') {
          const name = `${p[0]}.INFORMATION_SCHEMA.${p[2]!.toUpperCase()}`;
          refs.set(name, { info: p[2]!.toUpperCase() === 'COLUMNS' ? p[0]! : p[2]!.toUpperCase() });
          return { name, parts: p, consumed: n };
        }
      }
      return null;
    });
    const tables: EvalTable[] = [...session.temps.values()].map((t) => ({ name: t.name, columns: t.columns, rows: t.rows }));
    for (const [name, ref] of refs) {
      if ('info' in ref) {
        const info = this.store.informationSchema(ref.info);
        tables.push({ name, columns: info.columns, rows: info.rows.map((cells, i) => ({ key: i + 1, cells })) });
      } else {
        const t = this.store.get(ref, session.temps)!;
        tables.push({ name, columns: t.columns, rows: t.rows });
      }
    }
    return [rewritten.sql, tables];
  }

  /** The table a resolved scan names (`dataset.table`, or a temp table's own name); views and INFORMATION_SCHEMA: none. */
  private scanned(fullName: string, session: Session): Table | undefined {
    const parts = fullName.split('.');
    if (parts.length === 1) return session.temps.get(fullName.toLowerCase());
    return parts.length === 2 ? this.store.get({ dataset: parts[0]!, table: parts[1]! }, session.temps) : undefined;
  }

  private tableOf(name: string, session: Session): Table {
    const temp = session.temps.get(name.toLowerCase());
    if (temp) return temp;
    const [ds, t] = name.split('.');
    const table = this.store.get({ dataset: ds!, table: t! }, session.temps);
    if (!table) throw new BigqueryError(404, 'notFound', `Not found: Table ${this.store.project}:${name}`);
    return table;
  }

  /** INSERT, UPDATE or DELETE by the evaluator; the table's rows then replaced by what it reports. */
  private async modify(text: string, kind: string, resolved: Node, params: Parameters, session: Session): Promise<number> {
    const head = kind === 'resolvedInsertStmtNode' ? INSERT_HEAD.exec(text) : null;
    if (head && !/^\s*VALUES\b/i.test(text.slice(head[0].length))) return this.insertQuery(text, head, resolved, params, session);
    const [sql, tables] = this.prepare(text, session);
    const out = await this.evaluator.modify(sql, tables, params, kind !== 'resolvedInsertStmtNode');
    const table = this.tableOf(out.tableName, session);
    const n = table.columns.length;
    if (kind === 'resolvedInsertStmtNode') {
      const listed = new Set(((findField(resolved, 'insertColumnList')?.['insertColumnList'] ?? []) as Array<{ name: string }>).map((c) => c.name.toLowerCase()));
      const defaults = await this.defaults(table, listed, params, session);
      const rows = out.rows.map((r) => ({ key: this.store.newKey(), cells: r.cells.slice(0, n).map((c, i) => (isNull(c) && defaults[i] ? defaults[i]! : c)) }));
      table.rows = [...table.rows, ...rows];
      return rows.length;
    }
    const byKey = new Map(out.rows.map((r) => [r.oldKey, r]));
    if (kind === 'resolvedDeleteStmtNode') table.rows = table.rows.filter((r) => !byKey.has(r.key));
    else table.rows = table.rows.map((r) => (byKey.has(r.key) ? { key: r.key, cells: byKey.get(r.key)!.cells.slice(0, n) } : r));
    return out.rows.length;
  }

  /**
   * INSERT … SELECT as its query, evaluated first, then the rows appended: this build's evaluator fails a WITH
   * inside a subquery of a DML statement ("Missing name: …", a RET_CHECK) that it evaluates in a query.
   */
  private async insertQuery(text: string, head: RegExpExecArray, resolved: Node, params: Parameters, session: Session): Promise<number> {
    const [, target = ''] = head;
    const out = await this.evaluator.query(...this.prepare(text.slice(head[0].length), session), params);
    const [, tables] = this.prepare(`SELECT * FROM ${target}`, session);
    const table = this.tableOf(tables[tables.length - 1]!.name, session);
    const listedNames = ((findField(resolved, 'insertColumnList')?.['insertColumnList'] ?? []) as Array<{ name: string }>).map((c) => c.name.toLowerCase());
    const order = listedNames.length > 0 ? listedNames : table.columns.map((c) => c.name.toLowerCase());
    const position = new Map(order.map((n, i) => [n, i]));
    const defaults = await this.defaults(table, new Set(listedNames), params, session);
    const rows = out.rows.map((cells) => ({
      key: this.store.newKey(),
      cells: table.columns.map((c, i) => {
        const at = position.get(c.name.toLowerCase());
        return at === undefined ? (defaults[i] ?? {}) : coerce(cells[at] ?? {}, c.type);
      }),
    }));
    table.rows = [...table.rows, ...rows];
    return rows.length;
  }

  /** The DEFAULT of each column an INSERT leaves out (evaluated once per statement, as CURRENT_TIMESTAMP() is). */
  private async defaults(table: Table, listed: Set<string>, params: Parameters, session: Session): Promise<Array<Value | undefined>> {
    const wanted = table.columns.map((c) => (c.defaultSql !== undefined && listed.size > 0 && !listed.has(c.name.toLowerCase()) ? c.defaultSql : null));
    if (wanted.every((w) => w === null)) return [];
    const select = wanted.map((w, i) => `${w ?? 'NULL'} AS c${i}`).join(', ');
    const out = await this.evaluator.query(...this.prepare(`SELECT ${select}`, session), params);
    return (out.rows[0] ?? []).map((v, i) => (wanted[i] === null ? undefined : v));
  }

  /** `MERGE t USING s ON FALSE WHEN NOT MATCHED BY SOURCE [AND c] THEN DELETE WHEN NOT MATCHED THEN INSERT ROW`. */
  private async merge(text: string, params: Parameters, session: Session): Promise<number> {
    const m = MERGE.exec(text.trim());
    if (!m) throw new BigqueryError(400, 'invalidQuery', 'the BigQuery emulator executes only MERGE … ON FALSE WHEN NOT MATCHED BY SOURCE [AND …] THEN DELETE WHEN NOT MATCHED THEN INSERT ROW (the shape backfill sends); this MERGE is another');
    const [, target, alias, source, sourceAlias, condition] = m;
    const del = `DELETE FROM ${target} AS ${alias} WHERE ${condition ?? 'TRUE'}`;
    const ins = `INSERT INTO ${target} SELECT ${sourceAlias}.* FROM ${source} AS ${sourceAlias}`;
    // One statement: its delete is undone when its insert fails (outside a transaction too).
    const before = this.store.snapshot();
    let n = 0;
    try {
      for (const stmt of [del, ins]) {
        const resolved = await this.analyze(stmt, params, session, 0);
        n += await this.modify(stmt, statementKind(resolved), resolved, params, session);
      }
    } catch (err) {
      this.store.restore(before);
      throw err;
    }
    return n;
  }
}

export { Store };
