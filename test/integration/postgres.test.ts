/** The shared contract suite on a real PostgreSQL server (started by the jest global setup). */
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

describe('postgres', () => {
  semanticsContract('postgres');
  ledgerContract('postgres');
  changesContract('postgres');
  batchesContract('postgres');
  checksContract('postgres');
  planContract('postgres');
  correctionsContract('postgres');
  partitionDaysContract('postgres');
  importContract('postgres');
  randomSequencesContract('postgres', [1, 2, 3], [4]);
});
