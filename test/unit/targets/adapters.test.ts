/**
 * The adapter says what a target can do before anything connects; the driver is how it does it. The two must agree:
 * a dry run opens the warehouse to ask for estimates only where the adapter says bytes are billed, the runner takes
 * session locks only where it says so (lease rows elsewhere), and imports append rows only where it says so.
 */
import { adapterFor } from '../../../src/targets/registry';
import { BigqueryDriver } from '../../../src/targets/bigquery/bigquery-driver';
import { DuckdbDriver } from '../../../src/targets/duckdb/duckdb-driver';
import { PostgresDriver } from '../../../src/targets/postgres/postgres-driver';
import type { TargetConfig } from '../../../src/config/schema';

const TARGETS: ReadonlyArray<[TargetConfig, { prototype: object }]> = [
  [{ type: 'duckdb', path: ':memory:' }, DuckdbDriver],
  [{ type: 'postgres', connection_env: 'X' }, PostgresDriver],
  [{ type: 'cockroachdb', connection_env: 'X' }, PostgresDriver],
  [{ type: 'bigquery', project: 'dw-test-project', location: 'EU', maximum_bytes_billed: 1, max_retries: 0, retry_base_delay_ms: 0 }, BigqueryDriver],
];

describe.each(TARGETS)('the %o target', (config, driver) => {
  it('estimates with its driver exactly where its adapter says bytes are billed', () => {
    expect('estimate' in driver.prototype).toBe(adapterFor(config).billsBytes);
  });

  it('locks with its driver exactly where its adapter says it has session locks', () => {
    expect('lock' in driver.prototype).toBe(adapterFor(config).sessionLocks);
  });

  it('appends rows with its driver exactly where its adapter says it appends rows', () => {
    expect('appendRows' in driver.prototype).toBe(adapterFor(config).appendsRows);
  });
});
