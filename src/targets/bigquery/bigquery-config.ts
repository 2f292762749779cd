import type { BigQueryOptions } from '@google-cloud/bigquery';
import { z } from 'zod';
import { envName, gcpProject } from '../../config/identifiers';
import { UsageError } from '../../errors';

/** `type: bigquery`: a project and location; credentials from the environment (ADC or a key file). */
export const bigqueryTarget = z.strictObject({
  type: z.literal('bigquery'),
  project: gcpProject,
  location: z.string().min(1).default('EU'),
  /** Every job is capped: a query that would scan more fails instead of billing it. Raise it deliberately. */
  maximum_bytes_billed: z.number().int().positive().default(10_000_000_000),
  keyfile_env: envName.optional(),
  /** An emulator or test endpoint (no credentials are sent to it). */
  api_endpoint: z.string().url().optional(),
  max_retries: z.number().int().min(0).max(10).default(5),
  retry_base_delay_ms: z.number().int().min(0).max(60_000).default(1000),
});

export type BigqueryTargetConfig = z.infer<typeof bigqueryTarget>;

/** Client options for a bigquery target: Application Default Credentials, or a key file named by a variable. */
export function bigqueryClientOptions(config: BigqueryTargetConfig, targetName: string, env: NodeJS.ProcessEnv = process.env): BigQueryOptions {
  // Our own bounded retry (bigquery-driver.ts) decides what is retried; the client's would double it.
  const options: BigQueryOptions = { projectId: config.project, location: config.location, retryOptions: { autoRetry: false, maxRetries: 0 } };
  if (config.keyfile_env) {
    const file = env[config.keyfile_env];
    if (!file) throw new UsageError(`targets.${targetName}: environment variable ${config.keyfile_env} is not set; export it with the path of a service-account key file`);
    options.keyFilename = file;
  }
  if (config.api_endpoint) {
    options.apiEndpoint = config.api_endpoint;
    options.authClient = { getRequestHeaders: async () => ({}) } as never;
  }
  return options;
}

/** BigQuery label values: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export function labelValue(v: string): string {
  return v.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
}

/** Where a BigQuery target's tables live (its project and location), or null for a target of another kind. */
export function bigqueryPlace(target: { readonly type: string }): { project: string; location: string } | null {
  if (target.type !== 'bigquery') return null;
  const t = target as BigqueryTargetConfig;
  return { project: t.project, location: t.location };
}
