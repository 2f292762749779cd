import { informationSchema } from './information-schema';
import type { Column } from './types';

interface Folder {
  readonly name: string;
  readonly folders: Map<string, Folder>;
  readonly tables: Map<string, { name: string; columns: Column[] }>;
  readonly procedures: string[];
}

const folder = (name: string): Folder => ({ name, folders: new Map(), tables: new Map(), procedures: [] });
const key = (name: string): string => name.toLowerCase();

/**
 * What ZetaSQL resolves names against: BigQuery's `dataset.table` (or `project.dataset.table`) as nested catalogs,
 * each dataset with its INFORMATION_SCHEMA.COLUMNS, the location's INFORMATION_SCHEMA views and BQ.ABORT_SESSION.
 * A table under the target's default project is also reachable without it, as in BigQuery. `version` changes
 * with every addition, so a registered copy can be told stale.
 */
export class Catalog {
  private readonly root = folder('root');
  private changes = 0;

  constructor(
    private readonly defaultProject: string | null = null,
    locations: readonly string[] = [],
  ) {
    for (const location of locations) this.addLocation(location);
    this.child(this.root, 'BQ').procedures.push('ABORT_SESSION');
  }

  /** A location's INFORMATION_SCHEMA views (`region-<location>`.INFORMATION_SCHEMA.JOBS_BY_PROJECT, …). */
  addLocation(location: string): void {
    for (const [view, columns] of informationSchema.region) this.addTable([`region-${location.toLowerCase()}`, 'INFORMATION_SCHEMA', view], columns);
  }

  get version(): number {
    return this.changes;
  }

  /** Adds (or replaces) a table; a dataset gets its INFORMATION_SCHEMA.COLUMNS with it. */
  addTable(path: readonly string[], columns: readonly Column[]): void {
    const parts = this.local(path);
    const name = parts[parts.length - 1]!;
    const dataset = this.folderAt(parts.slice(0, -1));
    dataset.tables.set(key(name), { name, columns: [...columns] });
    if (parts.length >= 2 && key(parts[parts.length - 2]!) !== 'information_schema') this.addSchema(parts.slice(0, -1));
    this.changes++;
  }

  /** A dataset (CREATE SCHEMA): a folder with its INFORMATION_SCHEMA. */
  addSchema(path: readonly string[]): void {
    const info = this.child(this.folderAt(this.local(path)), 'INFORMATION_SCHEMA');
    for (const [view, columns] of informationSchema.dataset) if (!info.tables.has(key(view))) info.tables.set(key(view), { name: view, columns: [...columns] });
    this.changes++;
  }

  /** Adds columns to a table (ALTER TABLE … ADD COLUMN [IF NOT EXISTS]); false when the table is not known. */
  addColumns(path: readonly string[], columns: readonly Column[]): boolean {
    const t = this.table(path);
    if (!t) return false;
    for (const c of columns) if (!t.some((x) => key(x.name) === key(c.name))) t.push(c);
    this.changes++;
    return true;
  }

  /** The columns of a table, or undefined. */
  table(path: readonly string[]): Column[] | undefined {
    const parts = this.local(path);
    let f: Folder | undefined = this.root;
    for (const p of parts.slice(0, -1)) f = f?.folders.get(key(p));
    return f?.tables.get(key(parts[parts.length - 1]!))?.columns;
  }

  /** The SimpleCatalogProto, with the builtin functions of these language options. */
  toProto(languageOptions: object): object {
    const proto = toProto('root', this.root) as { catalog: object[] };
    // The default project's copy names its tables as the root's do (`dataset.table`).
    if (this.defaultProject) proto.catalog.push(toProto(this.defaultProject, this.root));
    return { ...proto, builtinFunctionOptions: { languageOptions } };
  }

  private local(path: readonly string[]): readonly string[] {
    return path.length === 3 && this.defaultProject !== null && key(path[0]!) === key(this.defaultProject) ? path.slice(1) : path;
  }

  private folderAt(path: readonly string[]): Folder {
    return path.reduce((f, p) => this.child(f, p), this.root);
  }

  private child(f: Folder, name: string): Folder {
    let c = f.folders.get(key(name));
    if (!c) f.folders.set(key(name), (c = folder(name)));
    return c;
  }
}

function toProto(name: string, f: Folder, path: readonly string[] = []): object {
  return {
    name,
    // full_name: what a resolved table scan names it by (`dataset.table`), so a statement's scans can be told apart.
    table: [...f.tables.values()].map((t) => ({ name: t.name, fullName: [...path, t.name].join('.'), column: t.columns.map((c) => ({ name: c.name, type: c.type })) })),
    catalog: [...f.folders.values()].map((c) => toProto(c.name, c, [...path, c.name])),
    // A VOID return type crashes this build's service: the procedures are declared returning BOOL.
    procedure: f.procedures.map((p) => ({ namePath: [p], signature: { argument: [], returnType: { kind: 'ARG_TYPE_FIXED', type: { typeKind: 'TYPE_BOOL' } } } })),
  };
}
