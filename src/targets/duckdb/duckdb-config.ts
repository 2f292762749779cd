import path from 'node:path';
import { z } from 'zod';

/** `type: duckdb`: a local file (or :memory:). */
export const duckdbTarget = z.strictObject({
  type: z.literal('duckdb'),
  path: z.string().min(1, 'must be a file path (relative to the project dir) or :memory:'),
  threads: z.number().int().positive().optional(),
});

export type DuckdbTargetConfig = z.infer<typeof duckdbTarget>;

/** The database file of a DuckDB target: relative paths are relative to the project dir. */
export function duckdbPath(config: DuckdbTargetConfig, projectDir: string): string {
  return config.path === ':memory:' ? ':memory:' : path.resolve(projectDir, config.path);
}
