import path from 'node:path';
import { z } from 'zod';

/** A size DuckDB's `memory_limit` accepts: a number and a unit (`4GB`, `512MiB`, `1.5GB`). */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

const MEMORY_FIX = "must be a size with a unit, e.g. '4GB' or '512MiB'";

/** `type: duckdb`: a local file (or :memory:), and the memory and threads DuckDB may use. */
export const duckdbTarget = z.strictObject({
  type: z.literal('duckdb'),
  path: z.string().min(1, 'must be a file path (relative to the project dir) or :memory:'),
  threads: z.number({ error: 'must be a whole number of threads, e.g. 2' }).int('must be a whole number of threads, e.g. 2').positive('must be at least 1, e.g. 2').optional(),
  memory_limit: z.string({ error: MEMORY_FIX }).regex(MEMORY_SIZE, MEMORY_FIX).optional(),
});

export type DuckdbTargetConfig = z.infer<typeof duckdbTarget>;

/** The DuckDB instance options of a target (`threads`, `memory_limit`), as DuckDB takes them: text. */
export function duckdbOptions(config: Pick<DuckdbTargetConfig, 'threads' | 'memory_limit'>): Record<string, string> {
  const opts: Record<string, string> = {};
  if (config.threads !== undefined) opts['threads'] = String(config.threads);
  if (config.memory_limit !== undefined) opts['memory_limit'] = config.memory_limit.replace(/\s+/g, '');
  return opts;
}

/** The database file of a DuckDB target: relative paths are relative to the project dir. */
export function duckdbPath(config: DuckdbTargetConfig, projectDir: string): string {
  return config.path === ':memory:' ? ':memory:' : path.resolve(projectDir, config.path);
}
