import { spawn } from 'node:child_process';
import os from 'node:os';
import { BigQuery } from '@google-cloud/bigquery';
import { bigqueryClientOptions, bigqueryTarget, type BigqueryTargetConfig } from '../../src/targets/bigquery/bigquery-config';
import { BigqueryDriver } from '../../src/targets/bigquery/bigquery-driver';
import { BIN, type CliResult } from './cli';

/** A bigquery target pointed at a local endpoint (the REST test double), with defaults filled as from a file. */
export function bigqueryTargetConfigFor(endpoint: string, extra: Partial<BigqueryTargetConfig> = {}): BigqueryTargetConfig {
  return bigqueryTarget.parse({ type: 'bigquery', project: 'dw-test-project', location: 'EU', api_endpoint: endpoint, ...extra });
}

/** Spawns the CLI without blocking this process (the REST test double answers from this same event loop). */
export function runCli(dir: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--project-dir', dir], { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A BigQuery driver on the REST test double at `endpoint`, its backoff delays recorded instead of slept. */
export function mockedDriver(endpoint: string, maxRetries = 3): { wh: BigqueryDriver; delays: number[] } {
  const delays: number[] = [];
  const config = bigqueryTargetConfigFor(endpoint, { max_retries: maxRetries, retry_base_delay_ms: 100 });
  const wh = new BigqueryDriver(new BigQuery(bigqueryClientOptions(config, 'prod')), config, 'backfill run', async (ms: number) => {
    delays.push(ms);
  });
  return { wh, delays };
}
