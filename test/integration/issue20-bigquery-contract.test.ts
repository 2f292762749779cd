/**
 * Issue 20: the shared contract suite on the bigquery target, executed by the BigQuery emulator (ZetaSQL's reference
 * evaluator), the same scenarios as on DuckDB and PostgreSQL (their hand-written SQL asks the target's dialect for
 * JSON literals and JSON text): SPEC §3 scenarios, ledger and revert, plan here; the change feed, batches, checks,
 * corrections and import in issue20-bigquery-contract-tools.test.ts; the random sequences (targeted run = full
 * refresh = SPEC §3 reference) in issue20-bigquery-sequences.test.ts. Split in three files so jest runs them side
 * by side: the evaluator is slow (times per file: docs/emulator.md).
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { useBigqueryEmulator } from '../helpers/emulator';
import { ledgerContract } from './contract/ledger-revert';
import { planContract } from './contract/plan';
import { semanticsContract } from './contract/semantics';

jest.setTimeout(120_000);
useBigqueryEmulator();

describe('bigquery (emulator)', () => {
  semanticsContract('bigquery');
  ledgerContract('bigquery');
  planContract('bigquery');
});
