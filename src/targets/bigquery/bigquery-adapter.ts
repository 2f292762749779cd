import type { TargetAdapter } from '../../compiler/target-adapter';

/** BigQuery: bills the bytes each job scans, prunes partitions, and keeps DDL out of transactions. */
export const bigqueryAdapter: TargetAdapter = {
  transactionalDdl: false,
  readsLocalFiles: false,
  createsOriginal: false,
  opensWhileCompiling: false,
  billsBytes: true,
  sessionLocks: false,
  appendsRows: true,
  appendsWithinTransaction: false,
  // CREATE SCHEMA scans nothing: it is left out of the estimate, as it always was.
  isEstimated: (s) => !/^CREATE SCHEMA/i.test(s.sql),
  workSchema: null,
  prunesOredRanges: true,
  ranksRepeatedCopiesOnly: false,
  passesSingleCopiesThrough: false,
  fetchesByRowid: false,
  buildsDaysInPlace: false,
  indexesCopies: false,
};
