/**
 * Issue 20: the shared contract suite on the bigquery target through the BigQuery emulator, continued (see
 * issue20-bigquery-contract.test.ts): the change feed, batched refreshes and resume, checks, corrections outside
 * the window and import, as on DuckDB and PostgreSQL.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { useBigqueryEmulator } from '../helpers/emulator';
import { batchesContract } from './contract/batches';
import { changesContract } from './contract/changes';
import { checksContract } from './contract/checks';
import { correctionsContract } from './contract/corrections';
import { partitionDaysContract } from './contract/partition-days';
import { importContract } from './contract/import';

jest.setTimeout(120_000);
useBigqueryEmulator();

// One describe per group (see issue20-bigquery-contract.test.ts: the groups' TestWarehouses share one store).
describe('bigquery (emulator)', () => {
  describe('change feed', () => changesContract('bigquery'));
  describe('batches', () => batchesContract('bigquery'));
  describe('checks', () => checksContract('bigquery'));
  describe('corrections', () => correctionsContract('bigquery'));
  describe('partition days', () => partitionDaysContract('bigquery'));
  describe('import', () => importContract('bigquery'));
});
