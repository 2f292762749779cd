/**
 * Issue 21: the report's queries on DuckDB and PostgreSQL (contract/report.ts); on BigQuery the emulator runs them
 * (issue21-report-bigquery.test.ts) and ZetaSQL's analyzer checks the templates (test/helpers/bigquery-cases.ts).
 */
import { LOCAL_TARGETS } from '../helpers/project';
import { reportContract } from './contract/report';

describe.each(LOCAL_TARGETS)('report on %s', (target) => {
  reportContract(target);
});
