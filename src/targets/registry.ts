import fs from 'node:fs';
import type { Dialect } from '../compiler/dialect';
import type { LoadedProject } from '../config/load';
import type { TargetConfig } from '../config/schema';
import { UsageError } from '../errors';
import { duckdbPath } from './duckdb/duckdb-config';
import { DuckdbDialect } from './duckdb/duckdb-dialect';
import { DuckdbWarehouse } from './duckdb/duckdb-driver';
import { BigqueryDialect } from './bigquery/bigquery-dialect';
import { BigqueryWarehouse } from './bigquery/bigquery-driver';
import { PostgresDialect } from './postgres/postgres-dialect';
import { PostgresWarehouse } from './postgres/postgres-driver';
import type { Warehouse } from './warehouse';
import { runBy } from '../ledger/liveness';

/** The SQL dialect of a target, without connecting (compile needs no credentials). */
export function dialectFor(target: TargetConfig): Dialect {
  switch (target.type) {
    case 'duckdb':
      return new DuckdbDialect();
    case 'postgres':
    case 'cockroachdb':
      return new PostgresDialect();
    case 'bigquery':
      return new BigqueryDialect(target.project);
  }
}

/** Connects to the project's selected target. */
export async function openWarehouse(project: LoadedProject, session = 'backfill', opts: { create?: boolean } = {}): Promise<Warehouse> {
  const target = project.target;
  const lockWaitSeconds = project.vars.lock_wait_seconds;
  switch (target.type) {
    case 'duckdb': {
      const file = duckdbPath(target, project.dir);
      // Only migrate creates the file: a mistyped path must not leave empty databases behind.
      if (!opts.create && file !== ':memory:' && !fs.existsSync(file)) {
        throw new UsageError(`${file}: no such DuckDB file; run 'backfill migrate --target ${project.targetName}' first (or fix targets.${project.targetName}.path)`);
      }
      return DuckdbWarehouse.open(file, { threads: target.threads, lockWaitSeconds });
    }
    case 'postgres':
    case 'cockroachdb':
      return PostgresWarehouse.open(target, project.targetName, `${session} ${runBy()}`);
    case 'bigquery':
      return BigqueryWarehouse.open(target, project.targetName, session);
  }
}
