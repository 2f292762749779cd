/** BigQuery target settings: credentials from the environment only, safe defaults for cost and retries. */
import { bigqueryTarget } from '../../../src/targets/bigquery/bigquery-config';
import { bigqueryClientOptions, labelValue } from '../../../src/targets/bigquery/bigquery-config';
import { UsageError } from '../../../src/errors';

const target = (extra: Record<string, unknown> = {}) => bigqueryTarget.parse({ type: 'bigquery', project: 'dw-prod-gwiiag', ...extra });

it('defaults: EU location, a 10 GB cap on every job, five retries from one second', () => {
  expect(target()).toMatchObject({ location: 'EU', maximum_bytes_billed: 10_000_000_000, max_retries: 5, retry_base_delay_ms: 1000 });
});

it('uses Application Default Credentials unless a key file variable is named', () => {
  const opts = bigqueryClientOptions(target(), 'prod', {});
  expect(opts).toMatchObject({ projectId: 'dw-prod-gwiiag', location: 'EU', retryOptions: { autoRetry: false } });
  expect(opts.keyFilename).toBeUndefined();
  expect(opts.authClient).toBeUndefined();
  expect(bigqueryClientOptions(target({ keyfile_env: 'BQ_KEY' }), 'prod', { BQ_KEY: '/secrets/key.json' }).keyFilename).toBe('/secrets/key.json');
});

it('a named key file variable that is not set is a usage error naming target and variable', () => {
  expect(() => bigqueryClientOptions(target({ keyfile_env: 'BQ_KEY' }), 'prod', {})).toThrow(UsageError);
  expect(() => bigqueryClientOptions(target({ keyfile_env: 'BQ_KEY' }), 'prod', {})).toThrow(/targets\.prod: environment variable BQ_KEY is not set/);
});

it('refuses a project id that is not one, and label values are made valid', () => {
  expect(bigqueryTarget.safeParse({ type: 'bigquery', project: 'Bad_Project' }).success).toBe(false);
  expect(labelValue('Run-Operation update_event_data/ÄÖ')).toBe('run-operation_update_event_data___');
});
