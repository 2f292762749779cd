import type { BigQueryOptions } from '@google-cloud/bigquery';
import type { BigqueryTargetConfig } from '../../config/schema';
import { UsageError } from '../../errors';

/** Client options for a bigquery target: Application Default Credentials, or a key file named by a variable. */
export function bigqueryClientOptions(config: BigqueryTargetConfig, targetName: string, env: NodeJS.ProcessEnv = process.env): BigQueryOptions {
  // Our own bounded retry (bigquery-warehouse.ts) decides what is retried; the client's would double it.
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
