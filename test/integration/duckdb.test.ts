/** The shared contract suite on the embedded DuckDB target. */
import { randomSequencesContract } from './contract/random-sequences';
import { batchesContract } from './contract/batches';
import { checksContract } from './contract/checks';
import { importContract } from './contract/import';
import { planContract } from './contract/plan';
import { ledgerContract } from './contract/ledger-revert';
import { semanticsContract } from './contract/semantics';
import { changesContract } from './contract/changes';
import { correctionsContract } from './contract/corrections';
import { partitionDaysContract } from './contract/partition-days';

describe('duckdb', () => {
  semanticsContract('duckdb');
  ledgerContract('duckdb');
  changesContract('duckdb');
  batchesContract('duckdb');
  checksContract('duckdb');
  planContract('duckdb');
  correctionsContract('duckdb');
  partitionDaysContract('duckdb');
  importContract('duckdb');
  randomSequencesContract('duckdb', [1, 2, 3, 4, 5, 6], [7, 8, 9, 10]);
});
