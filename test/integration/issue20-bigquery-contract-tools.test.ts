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
import { importContract } from './contract/import';

jest.setTimeout(120_000);
useBigqueryEmulator();

describe('bigquery (emulator)', () => {
  changesContract('bigquery');
  batchesContract('bigquery');
  checksContract('bigquery');
  correctionsContract('bigquery');
  importContract('bigquery');
});
