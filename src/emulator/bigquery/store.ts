import { Catalog } from '../../zetasql/catalog';
import { informationSchema } from '../../zetasql/information-schema';
import type { TypeProto } from '../../zetasql/types';
import { normalType, sqlTypeName, type Value } from './values';

export interface TableColumn {
  readonly name: string;
  readonly type: TypeProto;
  /** The column's DEFAULT expression as written (applied on INSERT when the column is omitted). */
  readonly defaultSql?: string;
}

export interface Table {
  readonly name: string;
  readonly columns: TableColumn[];
  /** Each row's cells in column order, with a key of its own (the evaluator reports changed rows by it). */
  rows: Array<{ key: number; cells: Value[] }>;
  readonly partitionBy: string | null;
}

/** Where a statement's table lives: a dataset's table, or a session's temp table (dataset null). */
export interface TableRef {
  readonly dataset: string | null;
  readonly table: string;
}

/** The hidden column that carries a row's key into the evaluator (a pseudo column: not in SELECT *). */
export const ROW_KEY = '__backfill_emulator_row';
const k = (s: string): string => s.toLowerCase();

/**
 * The emulator's warehouse: datasets of tables with their rows, in memory. `version` changes with every change
 * of a table's shape, so the analyzer's catalog is rebuilt only then.
 */
export class Store {
  datasets = new Map<string, { name: string; tables: Map<string, Table> }>();
  private nextKey = 1;
  private shapes = 0;

  /** `project`: the default project (three-part names under it are its datasets' tables); the first job's when unset. */
  constructor(public project: string, readonly location: string) {}

  get version(): number {
    return this.shapes;
  }

  newKey(): number {
    return this.nextKey++;
  }

  changedShape(): void {
    this.shapes++;
  }

  dataset(name: string): { name: string; tables: Map<string, Table> } | undefined {
    return this.datasets.get(k(name));
  }

  createDataset(name: string): void {
    if (!this.datasets.has(k(name))) this.datasets.set(k(name), { name, tables: new Map() });
    this.shapes++;
  }

  dropDataset(name: string): boolean {
    this.shapes++;
    return this.datasets.delete(k(name));
  }

  get(ref: TableRef, temps: Map<string, Table>): Table | undefined {
    return ref.dataset === null ? temps.get(k(ref.table)) : this.dataset(ref.dataset)?.tables.get(k(ref.table));
  }

  put(ref: TableRef, table: Table, temps: Map<string, Table>): void {
    if (ref.dataset === null) temps.set(k(ref.table), table);
    else this.dataset(ref.dataset)!.tables.set(k(ref.table), table);
    this.shapes++;
  }

  drop(ref: TableRef, temps: Map<string, Table>): boolean {
    this.shapes++;
    return ref.dataset === null ? temps.delete(k(ref.table)) : (this.dataset(ref.dataset)?.tables.delete(k(ref.table)) ?? false);
  }

  /** A copy to restore on ROLLBACK (rows are never changed in place, so their arrays are copied, not the rows). */
  snapshot(): Map<string, { name: string; tables: Map<string, Table> }> {
    const copy = new Map<string, { name: string; tables: Map<string, Table> }>();
    for (const [key, ds] of this.datasets) {
      copy.set(key, { name: ds.name, tables: new Map([...ds.tables].map(([n, t]) => [n, { ...t, columns: [...t.columns], rows: [...t.rows] }])) });
    }
    return copy;
  }

  restore(snapshot: Map<string, { name: string; tables: Map<string, Table> }>): void {
    this.datasets = snapshot;
    this.shapes++;
  }

  /** The catalog the analyzer resolves names against: every dataset and table as BigQuery names them. */
  catalog(temps: Map<string, Table>): Catalog {
    const catalog = new Catalog(this.project, [this.location]);
    for (const ds of this.datasets.values()) {
      catalog.addSchema([ds.name]);
      for (const t of ds.tables.values()) catalog.addTable([ds.name, t.name], t.columns.map((c) => ({ name: c.name, type: c.type })));
    }
    for (const t of temps.values()) catalog.addTable([t.name], t.columns.map((c) => ({ name: c.name, type: c.type })));
    return catalog;
  }

  /** A dataset's INFORMATION_SCHEMA.COLUMNS, or a region view by name (JOBS_BY_PROJECT, …: no rows kept). */
  informationSchema(datasetOrView: string): { columns: TableColumn[]; rows: Value[][] } {
    const view = informationSchema.region.get(datasetOrView);
    if (view && !this.dataset(datasetOrView)) return { columns: view.map((c) => ({ name: c.name, type: normalType(c.type) })), rows: [] };
    return this.informationSchemaColumns(datasetOrView);
  }

  /** A dataset's INFORMATION_SCHEMA.COLUMNS rows (the columns the framework reads; the others NULL). */
  informationSchemaColumns(dataset: string): { columns: TableColumn[]; rows: Value[][] } {
    const columns = informationSchema.dataset.get('COLUMNS')!.map((c) => ({ name: c.name, type: normalType(c.type) }));
    const rows: Value[][] = [];
    const ds = this.dataset(dataset);
    for (const t of ds?.tables.values() ?? []) {
      t.columns.forEach((c, i) => {
        const row: Record<string, Value> = {
          table_catalog: { stringValue: this.project }, table_schema: { stringValue: ds!.name }, table_name: { stringValue: t.name },
          column_name: { stringValue: c.name }, ordinal_position: { int64Value: String(i + 1) }, is_nullable: { stringValue: 'YES' },
          data_type: { stringValue: sqlTypeName(c.type) }, is_partitioning_column: { stringValue: t.partitionBy !== null && k(t.partitionBy) === k(c.name) ? 'YES' : 'NO' },
          column_default: { stringValue: c.defaultSql ?? 'NULL' },
        };
        rows.push(columns.map((col) => row[col.name] ?? {}));
      });
    }
    return { columns, rows };
  }
}
