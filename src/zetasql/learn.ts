import type { Catalog } from './catalog';
import { plainType, type Column, type TypeProto } from './types';

type Node = Record<string, unknown>;

/** The first object under `node` (depth first) that has `field`. */
export function findField(node: unknown, field: string): Node | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (!Array.isArray(node) && field in node && (node as Node)[field] !== null) return node as Node;
  for (const v of Object.values(node)) {
    const hit = findField(v, field);
    if (hit) return hit;
  }
  return undefined;
}

/** The kind of a resolved statement, e.g. `resolvedInsertStmtNode` (the innermost `node` discriminator). */
export function statementKind(resolved: Node): string {
  let n: unknown = resolved;
  let kind = '';
  while (n && typeof n === 'object' && typeof (n as Node)['node'] === 'string') {
    kind = (n as Node)['node'] as string;
    n = (n as Node)[kind];
  }
  return kind;
}

const columnsOf = (defs: unknown): Column[] => (defs as Array<{ name: string; type: TypeProto }>).map((d) => ({ name: d.name, type: plainType(d.type) }));

/** What a statement creates joins the catalog: a dataset, a table (columns as resolved), columns added to one. */
export function learnFrom(catalog: Catalog, resolved: Node): void {
  const kind = statementKind(resolved);
  const path = (findField(resolved, 'namePath')?.['namePath'] ?? []) as string[];
  if (kind === 'resolvedCreateSchemaStmtNode') catalog.addSchema(path);
  if (kind === 'resolvedCreateTableStmtNode' || kind === 'resolvedCreateTableAsSelectStmtNode') {
    catalog.addTable(path, columnsOf(findField(resolved, 'columnDefinitionList')?.['columnDefinitionList'] ?? []));
  }
  if (kind === 'resolvedAlterTableStmtNode') {
    const actions = (findField(resolved, 'alterActionList')?.['alterActionList'] ?? []) as Node[];
    const added = actions.map((a) => (a['resolvedAddColumnActionNode'] as Node | undefined)?.['columnDefinition']).filter((d) => d);
    catalog.addColumns(path, columnsOf(added));
  }
}
