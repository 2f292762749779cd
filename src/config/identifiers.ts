import { z } from 'zod';

/** A bare SQL identifier that is safe to quote on every target. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const identifier = z
  .string()
  .regex(IDENTIFIER, 'must be a plain identifier (letters, digits, underscore; not starting with a digit)');

/** `schema.table` (or `project.dataset.table` on BigQuery), each part a plain identifier. */
export const tableName = z
  .string()
  .refine((s) => isTableName(s), 'must be schema.table with plain identifiers (e.g. kinesis.backend_events; on BigQuery also project-id.dataset.table)');

/** A Google Cloud project id (the first part of a BigQuery `project.dataset.table`). */
export const PROJECT_ID = /^[a-z][a-z0-9-]{4,61}[a-z0-9]$/;

export function isTableName(s: string): boolean {
  const parts = s.split('.');
  if (parts.length === 3) return (IDENTIFIER.test(parts[0]!) || PROJECT_ID.test(parts[0]!)) && parts.slice(1).every((p) => IDENTIFIER.test(p));
  return parts.length === 2 && parts.every((p) => IDENTIFIER.test(p));
}

/** JSON paths we accept: `$.a.b_c` — dotted keys only, so a path never needs escaping inside a path string. */
export const JSON_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

export const jsonPath = z.string().regex(JSON_PATH, 'must be a JSON path like $.Status or $.card.status (dotted keys)');

/** The name of an environment variable (secrets are read from the environment, never from backfill.yml). */
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (e.g. BACKFILL_PG_URL)');

/** A Google Cloud project id (BigQuery targets, Pub/Sub sinks). */
export const gcpProject = z.string().regex(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/, 'must be a Google Cloud project id (e.g. dw-prod-gwiiag)');
