import type { Dialect } from '../compiler/dialect';
import type { LoadedProject } from '../config/load';
import type { TargetConfig } from '../config/schema';
import { UsageError } from '../errors';
import { duckdbPath } from './duckdb/duckdb-config';
import { DuckdbDialect } from './duckdb/duckdb-dialect';
import { DuckdbWarehouse } from './duckdb/duckdb-warehouse';
import type { Warehouse } from './warehouse';

/** The SQL dialect of a target, without connecting (compile needs no credentials). */
export function dialectFor(target: TargetConfig, targetName: string): Dialect {
  switch (target.type) {
    case 'duckdb':
      return new DuckdbDialect();
    default:
      throw new UsageError(`--target ${targetName}: type '${target.type}' is not supported yet; use a duckdb target`);
  }
}

/** Connects to the project's selected target. */
export async function openWarehouse(project: LoadedProject): Promise<Warehouse> {
  const target = project.target;
  switch (target.type) {
    case 'duckdb':
      return DuckdbWarehouse.open(duckdbPath(target, project.dir), target.threads);
    default:
      throw new UsageError(`--target ${project.targetName}: type '${target.type}' is not supported yet; use a duckdb target`);
  }
}
