import path from 'node:path';
import type { DuckdbTargetConfig } from '../../config/schema';

/** The database file of a DuckDB target: relative paths are relative to the project dir. */
export function duckdbPath(config: DuckdbTargetConfig, projectDir: string): string {
  return config.path === ':memory:' ? ':memory:' : path.resolve(projectDir, config.path);
}
