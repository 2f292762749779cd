/**
 * Issue 20: the shared contract suite on the bigquery target, executed by the BigQuery emulator (ZetaSQL's reference
 * evaluator). Kept small (the evaluator is slow: ~60 s): the SPEC §3 scenarios, the same as on DuckDB and
 * PostgreSQL (their hand-written SQL written in each target's SQL). The random sequences' reference reads stage
 * tables with PostgreSQL casts (`::text`), so they stay on DuckDB and PostgreSQL; issue20-emulator.test.ts checks
 * targeted run = full refresh = DuckDB on BigQuery.
 */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { useBigqueryEmulator } from '../helpers/emulator';
import { semanticsContract } from './contract/semantics';

jest.setTimeout(120_000);
useBigqueryEmulator();

describe('bigquery (emulator)', () => {
  semanticsContract('bigquery');
});
