/** Issue 21: the report's queries on the bigquery target, executed by the BigQuery emulator (contract/report.ts). */
jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());

import { useBigqueryEmulator } from '../helpers/emulator';
import { reportContract } from './contract/report';

jest.setTimeout(300_000);
useBigqueryEmulator();

describe('report on bigquery (emulator)', () => {
  reportContract('bigquery');
});
