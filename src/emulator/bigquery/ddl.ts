import { findField } from '../../zetasql/learn';
import type { TypeProto } from '../../zetasql/types';
import { BigqueryError } from './evaluator';
import type { Store, Table, TableColumn, TableRef } from './store';
import { normalType, type Value } from './values';

/** A BigQuery session (or a job's throwaway one): its temp tables and its open transaction's snapshot. */
export interface Session {
  readonly temps: Map<string, Table>;
  tx: ReturnType<Store['snapshot']> | null;
  readonly ephemeral: boolean;
  aborted?: boolean;
}

type Node = Record<string, unknown>;

/** ZetaSQL's CreateMode and CreateScope numbers (resolved_ast.proto). */
const OR_REPLACE = 1;
const IF_NOT_EXISTS = 2;
const TEMP = 3;

const columnsOf = (defs: unknown): TableColumn[] =>
  ((defs ?? []) as Array<{ name: string; type: TypeProto; defaultValue?: { sql?: string } | null }>).map((d) => ({
    name: d.name,
    type: normalType(d.type),
    ...(d.defaultValue?.sql ? { defaultSql: d.defaultValue.sql } : {}),
  }));

/** DDL applied by the emulator from the resolved statement: CREATE SCHEMA/TABLE (AS SELECT), DROP, ALTER (ADD COLUMN, SET DEFAULT), TRUNCATE. */
export function applyDdl(store: Store, session: Session, kind: string, resolved: Node, rows: Value[][] | null): void {
  const path = (findField(resolved, 'namePath')?.['namePath'] ?? []) as string[];
  const base = findField(resolved, 'createMode') ?? {};
  const mode = Number(base['createMode'] ?? 0);
  switch (kind) {
    case 'resolvedCreateSchemaStmtNode': {
      const name = path[path.length - 1]!;
      if (store.dataset(name) && mode !== IF_NOT_EXISTS) throw new BigqueryError(409, 'duplicate', `Already Exists: Dataset ${store.project}:${name}`);
      return store.createDataset(name);
    }
    case 'resolvedCreateTableStmtNode': case 'resolvedCreateTableAsSelectStmtNode': {
      const ref = refOf(store, path, Number(base['createScope'] ?? 0) === TEMP);
      if (store.get(ref, session.temps)) {
        if (mode === IF_NOT_EXISTS) return;
        if (mode !== OR_REPLACE) throw new BigqueryError(409, 'duplicate', `Already Exists: Table ${store.project}:${display(ref)}`);
      }
      const columns = columnsOf(findField(resolved, 'columnDefinitionList')?.['columnDefinitionList']);
      const partition = findField(findField(resolved, 'partitionByList')?.['partitionByList'] ?? [], 'column')?.['column'] as { name?: string } | undefined;
      const table: Table = { name: ref.table, columns, partitionBy: partition?.name ?? null, rows: (rows ?? []).map((cells) => ({ key: store.newKey(), cells })) };
      return store.put(ref, table, session.temps);
    }
    case 'resolvedDropStmtNode': return drop(store, session, resolved, path);
    case 'resolvedAlterTableStmtNode': return alter(store, session, resolved, path);
    case 'resolvedTruncateStmtNode': {
      const table = store.get(refOf(store, path, path.length === 1), session.temps);
      if (table) table.rows = [];
      return;
    }
    default: throw new BigqueryError(400, 'invalidQuery', `the BigQuery emulator does not execute this kind of statement (${kind})`);
  }
}

function refOf(store: Store, path: readonly string[], temp: boolean): TableRef {
  const p = path.length === 3 && path[0]!.toLowerCase() === store.project.toLowerCase() ? path.slice(1) : path;
  if (temp || p.length === 1) return { dataset: null, table: p[p.length - 1]! };
  if (!store.dataset(p[0]!)) throw new BigqueryError(404, 'notFound', `Not found: Dataset ${store.project}:${p[0]}`);
  return { dataset: store.dataset(p[0]!)!.name, table: p[1]! };
}

const display = (ref: TableRef): string => (ref.dataset === null ? ref.table : `${ref.dataset}.${ref.table}`);

function drop(store: Store, session: Session, resolved: Node, path: string[]): void {
  const ifExists = findField(resolved, 'isIfExists')?.['isIfExists'] === true;
  const type = String(findField(resolved, 'objectType')?.['objectType'] ?? 'TABLE').toUpperCase();
  if (type === 'SCHEMA') {
    const ds = store.dataset(path[path.length - 1]!);
    if (!ds) {
      if (ifExists) return;
      throw new BigqueryError(404, 'notFound', `Not found: Dataset ${store.project}:${path[path.length - 1]}`);
    }
    const cascade = Number(findField(resolved, 'dropMode')?.['dropMode'] ?? 0) === 2;
    if (ds.tables.size > 0 && !cascade) throw new BigqueryError(400, 'invalidQuery', `Dataset ${store.project}:${ds.name} is still in use; drop it with CASCADE`);
    store.dropDataset(ds.name);
    return;
  }
  const p = path.length === 3 ? path.slice(1) : path;
  const ref: TableRef = p.length === 1 ? { dataset: null, table: p[0]! } : { dataset: p[0]!, table: p[1]! };
  if (!store.get(ref, session.temps)) {
    if (ifExists) return;
    throw new BigqueryError(404, 'notFound', `Not found: Table ${store.project}:${display(ref)}`);
  }
  store.drop(ref, session.temps);
}

function alter(store: Store, session: Session, resolved: Node, path: string[]): void {
  const p = path.length === 3 ? path.slice(1) : path;
  const ref: TableRef = p.length === 1 ? { dataset: null, table: p[0]! } : { dataset: p[0]!, table: p[1]! };
  const table = store.get(ref, session.temps);
  if (!table) {
    if (findField(resolved, 'isIfExists')?.['isIfExists'] === true) return;
    throw new BigqueryError(404, 'notFound', `Not found: Table ${store.project}:${display(ref)}`);
  }
  const actions = (findField(resolved, 'alterActionList')?.['alterActionList'] ?? []) as Node[];
  for (const action of actions) {
    const setDefault = findField(action, 'defaultValue') as { parent?: { column?: string }; defaultValue?: { sql?: string } } | undefined;
    if (action['resolvedAlterColumnActionNode'] && setDefault?.parent?.column) {
      const at = table.columns.findIndex((c) => c.name.toLowerCase() === setDefault.parent!.column!.toLowerCase());
      if (at < 0) throw new BigqueryError(400, 'invalidQuery', `Column not found: ${setDefault.parent.column}`);
      table.columns[at] = { ...table.columns[at]!, ...(setDefault.defaultValue?.sql ? { defaultSql: setDefault.defaultValue.sql } : {}) };
      continue;
    }
    const add = action['resolvedAddColumnActionNode'] as { isIfNotExists?: boolean; columnDefinition?: unknown } | undefined;
    if (!add) continue;
    const [column] = columnsOf([add.columnDefinition]);
    if (table.columns.some((c) => c.name.toLowerCase() === column!.name.toLowerCase())) {
      if (add.isIfNotExists) continue;
      throw new BigqueryError(400, 'invalidQuery', `Column already exists: ${column!.name}`);
    }
    table.columns.push(column!);
  }
  store.changedShape();
}
