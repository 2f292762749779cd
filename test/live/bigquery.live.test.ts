/**
 * The live BigQuery suite: runs only through `npm run test:live`, with BACKFILL_BIGQUERY_PROJECT set and
 * credentials available (Application Default Credentials, or BACKFILL_BIGQUERY_KEYFILE naming a key file). It
 * replays the cross-target scenario in throwaway datasets and expects the stage tables DuckDB gives.
 * Never part of `npm test`: there is no network to BigQuery on the machines that run it.
 */
import crypto from 'node:crypto';
import { scenario } from '../helpers/scenario';

const project = process.env['BACKFILL_BIGQUERY_PROJECT'];
if (!project) throw new Error('BACKFILL_BIGQUERY_PROJECT is not set: the live suite needs a Google Cloud project to write throwaway datasets to');

it('BigQuery gives the same stage tables as DuckDB for the same events and operations', async () => {
  const p = `bf_live_${crypto.randomBytes(4).toString('hex')}`;
  const keyfile = process.env['BACKFILL_BIGQUERY_KEYFILE'] ? ', keyfile_env: BACKFILL_BIGQUERY_KEYFILE' : '';
  const yml = [
    'name: live',
    'targets:',
    `  prod: { type: bigquery, project: ${project}, location: ${process.env['BACKFILL_BIGQUERY_LOCATION'] ?? 'EU'}${keyfile} }`,
    `tables: { original: ${p}_kinesis.backend_events, exceptions: ${p}_s3.backend_events_exceptions, exclusions: ${p}_s3.backend_events_exclusions, stage_schema: ${p}_stage, framework_schema: ${p}_backfill }`,
    '',
  ].join('\n');
  const bq = await scenario('bigquery', { yml, dropSchemasAfter: true });
  const duck = await scenario('duckdb');
  expect(bq).toEqual(duck);
}, 900_000);
