/**
 * Issue 20: the seeded random sequences on the bigquery target, executed by the BigQuery emulator (ZetaSQL's
 * reference evaluator): after every run a targeted run equals a full refresh and the SPEC §3 reference, as on
 * DuckDB and PostgreSQL. Two seeds of 25 steps (one with vars.dedup_window_days): the evaluator is slow.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { useBigqueryEmulator } from '../helpers/emulator';
import { randomSequencesContract } from './contract/random-sequences';

useBigqueryEmulator();

describe('bigquery (emulator)', () => {
  randomSequencesContract('bigquery', [1], [3], { steps: 25, timeoutMs: 300_000 });
});
